//! The connection layer: an accept loop over hyper's HTTP/1 server with a
//! header (and idle) timeout and a cap on open connections.
//!
//! `axum::serve` offers neither: it gives hyper no timer, so hyper's
//! header-read timeout never runs, and it accepts every connection. This
//! loop is the one from axum's "serve with hyper" example plus those two
//! limits.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// Limits on connections.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Longest wait for a request's headers, idle time included.
    pub header_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

/// The body of the answer to a connection over the limit.
const REFUSED: &str = r#"{"error":"too many open connections; try again","status":503}"#;

/// Accepts connections until the listener fails for good.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, do not exit.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
            drop(permit);
        });
    }
}

/// Answers `503` to a connection over the limit and closes it, spending at
/// most a second on it.
async fn refuse(mut stream: TcpStream) {
    let answer = async {
        let head = format!(
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            crate::RETRY_AFTER_SECS,
            REFUSED.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(REFUSED.as_bytes()).await?;
        stream.shutdown().await?;
        // Read what the client sent, so closing does not reset the
        // connection before it has read the answer.
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), answer).await;
}
