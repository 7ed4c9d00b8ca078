//! Pages and feeds over HTTP: `extract URL...`, `analyze URL...`, `--feed`.
//!
//! A blocking client ([`ureq`]) with a timeout, a size limit, at most
//! [`MAX_REDIRECTS`] redirects, gzip and a user agent that names the tool.
//! Pages are fetched one after another; a page that fails is skipped with
//! its reason and the batch goes on.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::args::FetchArgs;
use crate::input::Loaded;

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "newsweave/",
    env!("CARGO_PKG_VERSION"),
    " (news analysis tool; runs on behalf of its user)"
);

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;

/// True when `s` is an `http://` or `https://` URL rather than a path.
pub fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A fetched resource.
pub struct Fetched {
    /// Where it was found, after redirects.
    pub url: String,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
}

/// A configured HTTP client.
pub struct Fetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Fetcher {
    /// A client with the timeout and size limit of `args`.
    pub fn new(args: &FetchArgs) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs_f64(args.timeout.max(0.1)))
            .redirects(MAX_REDIRECTS)
            .user_agent(USER_AGENT)
            .build();
        Fetcher {
            agent,
            max_bytes: args.max_bytes,
        }
    }

    /// GETs `url`: the body of a 2xx answer, else a clear error.
    pub fn get(&self, url: &str) -> Result<Fetched> {
        let response = match self
            .agent
            .get(url)
            .set(
                "Accept",
                "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
            )
            .call()
        {
            Ok(r) => r,
            Err(ureq::Error::Status(code, r)) => {
                bail!("HTTP {code} {}", r.status_text())
            }
            Err(ureq::Error::Transport(t)) => bail!("{t}"),
        };
        if let Some(len) = response
            .header("Content-Length")
            .and_then(|l| l.trim().parse::<u64>().ok())
        {
            if len > self.max_bytes {
                bail!("{len} bytes is over the {}-byte limit", self.max_bytes);
            }
        }
        let final_url = response.get_url().to_string();
        let mut bytes = Vec::new();
        response
            .into_reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .context("reading the body")?;
        if bytes.len() as u64 > self.max_bytes {
            bail!("body is over the {}-byte limit", self.max_bytes);
        }
        Ok(Fetched {
            url: final_url,
            bytes,
        })
    }

    /// The item links of a feed, read from a file or fetched from a URL.
    pub fn feed_links(&self, source: &str) -> Result<Vec<String>> {
        let bytes = if is_url(source) {
            self.get(source)?.bytes
        } else {
            crate::input::read_bytes(Path::new(source))?
        };
        let base = is_url(source).then_some(source);
        Ok(newsweave::ingest::feed_links(&bytes, base)?)
    }
}

/// Fetches `urls` and the items of `args.feed` into `loaded` as articles
/// (id and path: the URL); a page that fails is recorded as skipped, or is
/// fatal under `strict`.
pub fn load_urls(
    urls: &[String],
    args: &FetchArgs,
    strict: bool,
    loaded: &mut Loaded,
) -> Result<()> {
    let fetcher = Fetcher::new(args);
    let skip = |what: &str, e: anyhow::Error, loaded: &mut Loaded| -> Result<()> {
        if strict {
            bail!("{what}: {e:#}");
        }
        loaded.skipped.push(newsweave::report::SkippedEntry {
            path: what.to_string(),
            line: None,
            reason: format!("{e:#}"),
        });
        Ok(())
    };
    let mut all: Vec<String> = urls.to_vec();
    for feed in &args.feed {
        match fetcher.feed_links(feed) {
            Ok(links) => all.extend(links),
            Err(e) => skip(feed, e, loaded)?,
        }
    }
    for url in &all {
        let article = fetcher.get(url).and_then(|got| {
            let page = newsweave::extract::extract_html_bytes(&got.bytes, Some(&got.url))?;
            Ok(newsweave::ingest::from_extracted(url, page, Some(&got.url)))
        });
        match article {
            Ok(mut a) => {
                a.path = Some(url.clone());
                if loaded.articles.iter().any(|b| b.id == a.id) {
                    continue;
                }
                loaded.articles.push(a);
            }
            Err(e) => skip(url, e, loaded)?,
        }
    }
    Ok(())
}
