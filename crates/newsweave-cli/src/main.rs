//! The `newsweave` command-line tool.

mod args;
mod commands;
mod fetch;
mod input;
mod lines;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done, possibly with skipped inputs.
    Success,
    /// Failed: a bad input under `--strict`, or the run could not complete.
    /// (Usage errors exit with 2, from clap.)
    Failure,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match (cli.verbosity.quiet, cli.verbosity.verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("NEWSWEAVE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(std::io::stderr)
        .init();
    let quiet = cli.verbosity.quiet;
    let result = match &cli.command {
        Command::Analyze(a) => commands::analyze(a, quiet),
        Command::Extract(a) => commands::extract(a, quiet),
        Command::Summarize(a) => commands::summarize_cmd(a, quiet),
        Command::Quotes(a) => commands::quotes_cmd(a, quiet),
        Command::Cluster(a) => commands::cluster(a, quiet),
        Command::Ingest(a) => commands::ingest_cmd(a, quiet),
        Command::Serve(a) => commands::serve(a),
    };
    match result {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`newsweave ... | head`) is not a failure.
            let broken_pipe = err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitStatus::Success.into();
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", lines::chain(&err));
            }
            ExitStatus::Failure.into()
        }
    }
}
