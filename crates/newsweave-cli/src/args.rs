//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Understand a news story told by many outlets.
#[derive(Debug, Parser)]
#[command(name = "newsweave", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Log more (-v, -vv) or only errors (-q).
    #[command(flatten)]
    pub verbosity: Verbosity,
}

/// `-v` / `-q`.
#[derive(Debug, Args)]
pub struct Verbosity {
    /// More log output on stderr.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr (no progress, no skip messages).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Stories with summaries, who said what, actors, numbers and outlet comparison.
    #[command(after_help = "Examples:\n  \
        newsweave analyze examples/corpus --format markdown\n  \
        newsweave analyze articles/ --outlet \"Riverside Gazette\" --format html -o report.html\n  \
        newsweave analyze https://example.org/news/story.html --format json")]
    Analyze(AnalyzeArgs),
    /// HTML pages to article bodies and metadata (JSONL out).
    #[command(after_help = "Examples:\n  \
        newsweave extract page.html other.html.gz\n  \
        newsweave extract --input pages.jsonl --output articles.jsonl\n  \
        newsweave extract --explain examples/pages/itv-liveblog.html")]
    Extract(ExtractArgs),
    /// Multi-document summaries with provenance (JSONL in and out).
    #[command(after_help = "Examples:\n  \
        newsweave summarize --input clusters.jsonl --words 100\n  \
        newsweave summarize --input clusters.jsonl --sentences 3 --style bullets")]
    Summarize(SummarizeArgs),
    /// Who said what: quotes with speaker, cue and venue (JSONL in and out).
    #[command(after_help = "Examples:\n  \
        newsweave quotes --input articles.jsonl\n  \
        echo '{\"id\":\"a\",\"text\":\"\\\"We will act,\\\" the mayor said.\"}' | newsweave quotes")]
    Quotes(LineArgs),
    /// Online story clustering of an article stream (JSONL in and out).
    #[command(after_help = "Examples:\n  \
        newsweave cluster --input stream.jsonl\n  \
        newsweave cluster --input stream.jsonl.gz --explain --output stories.jsonl")]
    Cluster(ClusterArgs),
    /// Analyse articles into a store (SQLite + full-text index); idempotent.
    #[command(after_help = "Examples:\n  \
        newsweave ingest examples/corpus --db news.db\n  \
        newsweave ingest notes/*.txt --outlet \"Riverside Gazette\" --date 2016-10-11 --db news.db")]
    Ingest(IngestArgs),
    /// Serve the web UI and JSON API over a store.
    #[command(after_help = "Examples:\n  \
        newsweave serve --db news.db\n  \
        NEWSWEAVE_TOKEN=secret newsweave serve --db news.db --addr 0.0.0.0:8080")]
    Serve(ServeArgs),
}

/// `newsweave ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories (`.txt`, `.html`, `.html.gz`, `.jsonl`, `.jsonl.gz`).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The store file (created when absent).
    #[arg(long, env = "NEWSWEAVE_DB")]
    pub db: PathBuf,
    /// Stop at the first unreadable input (exit code 1) instead of skipping it.
    #[arg(long, env = "NEWSWEAVE_STRICT")]
    pub strict: bool,
    /// Word budget of each story's summary.
    #[arg(long, default_value_t = 150, value_parser = positive)]
    pub summary_words: usize,
    /// Metadata for inputs that give none.
    #[command(flatten)]
    pub defaults: Defaults,
}

/// `--outlet` / `--date`: metadata for articles whose input gives none
/// (front matter, JSONL fields, the page or its URL come first).
#[derive(Debug, Args)]
pub struct Defaults {
    /// Outlet of the articles whose input names none.
    #[arg(long, env = "NEWSWEAVE_OUTLET")]
    pub outlet: Option<String>,
    /// Publication date (ISO 8601, e.g. 2016-10-11) of the articles whose
    /// input gives none.
    #[arg(long, value_parser = iso_date)]
    pub date: Option<String>,
}

impl Defaults {
    /// Fills what `article` lacks.
    pub fn fill(&self, article: &mut newsweave::model::Article) {
        if article.outlet.is_none() {
            article.outlet.clone_from(&self.outlet);
        }
        if article.date.is_none() {
            article.date.clone_from(&self.date);
        }
    }
}

fn iso_date(s: &str) -> Result<String, String> {
    match newsweave::stories::days_since_epoch(s) {
        Some(_) => Ok(s.trim().to_string()),
        None => Err(format!(
            "{s:?} is not an ISO 8601 date (2016-10-11 or 2016-10-11T09:30:00Z)"
        )),
    }
}

/// `newsweave serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store file (created when absent).
    #[arg(long, env = "NEWSWEAVE_DB")]
    pub db: PathBuf,
    /// Address to listen on (port 0 picks a free port; the address is
    /// printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080", env = "NEWSWEAVE_ADDR")]
    pub addr: String,
    /// Bearer token that `POST /api/articles` requires; adding is off
    /// without one (or with an empty one). `ps` shows it: prefer
    /// `--token-file` or `NEWSWEAVE_TOKEN`.
    #[arg(long, env = "NEWSWEAVE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// A file holding the bearer token (surrounding whitespace ignored).
    #[arg(long, conflicts_with = "token", env = "NEWSWEAVE_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = 4 << 20)]
    pub max_body: usize,
}

/// A count of at least 1 (a budget of 0 would be an empty output).
fn positive(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("not a whole number: {e}")),
    }
}

/// Input, output and error policy shared by the JSONL commands.
#[derive(Debug, Args)]
pub struct Io {
    /// JSONL input file (`.jsonl` or `.jsonl.gz`), or `-` for standard input.
    #[arg(long, short, default_value = "-", env = "NEWSWEAVE_INPUT")]
    pub input: PathBuf,
    /// Output file; standard output when absent.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Stop at the first bad input line (exit code 1) instead of skipping it.
    #[arg(long, env = "NEWSWEAVE_STRICT")]
    pub strict: bool,
}

/// `newsweave quotes` / `newsweave cluster`.
#[derive(Debug, Args)]
pub struct LineArgs {
    /// Input and output.
    #[command(flatten)]
    pub io: Io,
}

/// `newsweave cluster`.
#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Input and output.
    #[command(flatten)]
    pub io: Io,
    /// Say why each article went where it did: adds `joined` (the story
    /// chosen on arrival, before merges), `new_story`, `similarity`,
    /// `needed`, `days_apart` and `reasons` (the terms shared most) to each
    /// line.
    #[arg(long, env = "NEWSWEAVE_EXPLAIN")]
    pub explain: bool,
}

/// `newsweave extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// HTML files or `http(s)://` URLs to extract (instead of `--input` JSONL).
    pub files: Vec<PathBuf>,
    /// Fetching pages and feeds.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Input and output.
    #[command(flatten)]
    pub io: Io,
    /// Also list each block left out of the body with its reason: a
    /// `removed: [{"text", "reason"}]` field on every output line.
    #[arg(long, env = "NEWSWEAVE_EXPLAIN")]
    pub explain: bool,
    /// Which extractor reads the pages: `hybrid` (fast when its choice is
    /// clear, else full), `full` (two extractors and their agreement, the
    /// most accurate), `fast` (one pass, no DOM, over ten times faster) or
    /// `agree` (the fast path's blocks that rs-trafilatura confirms).
    #[arg(long, value_enum, default_value_t = ExtractPath::Hybrid, env = "NEWSWEAVE_EXTRACT_PATH")]
    pub path: ExtractPath,
}

/// `extract --path`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractPath {
    /// dom_smoothie and rs-trafilatura, and their agreement.
    Full,
    /// The single-pass tokenizer path.
    Fast,
    /// Fast when confident, else full.
    Hybrid,
    /// The fast path's blocks that rs-trafilatura confirms.
    Agree,
}

impl From<ExtractPath> for newsweave::extract::Path {
    fn from(p: ExtractPath) -> Self {
        match p {
            ExtractPath::Full => newsweave::extract::Path::Full,
            ExtractPath::Fast => newsweave::extract::Path::Fast,
            ExtractPath::Hybrid => newsweave::extract::Path::Hybrid,
            ExtractPath::Agree => newsweave::extract::Path::Agree,
        }
    }
}

/// Pages and feeds over HTTP.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// An RSS or Atom feed (file or URL) whose items are fetched and read;
    /// may be repeated.
    #[arg(long, value_name = "FILE|URL")]
    pub feed: Vec<String>,
    /// Seconds to wait for each HTTP request.
    #[arg(long, default_value_t = 20.0, env = "NEWSWEAVE_TIMEOUT")]
    pub timeout: f64,
    /// Largest page or feed fetched, in bytes.
    #[arg(long, default_value_t = 16 << 20, env = "NEWSWEAVE_MAX_BYTES")]
    pub max_bytes: u64,
}

/// `newsweave summarize`.
#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Input and output.
    #[command(flatten)]
    pub io: Io,
    /// Word budget of each summary (264 when neither this nor `--sentences`
    /// is given).
    #[arg(long, value_parser = positive)]
    pub words: Option<usize>,
    /// Sentence budget (instead of, or besides, the word budget).
    #[arg(long, value_parser = positive)]
    pub sentences: Option<usize>,
    /// `jsonl` (the data contract) or `bullets` (for reading: a heading per
    /// cluster, one bullet per sentence with the documents that carry it).
    #[arg(long, value_enum, default_value_t = SummaryStyle::Jsonl)]
    pub style: SummaryStyle,
    /// Scorer knobs as a JSON object, for tuning scripts only (see
    /// `scripts/cv-summarize.py`); unset means the shipped defaults.
    #[arg(long, env = "NEWSWEAVE_SUMMARY_TUNING", hide = true)]
    pub tuning: Option<String>,
}

/// Output styles of `summarize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryStyle {
    /// One JSON object a line (DESIGN.md §4).
    Jsonl,
    /// Markdown-like text: `## id`, then `- sentence [doc 0; also in 2]`.
    Bullets,
}

/// Report formats of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Markdown, for reading.
    Markdown,
    /// One JSON object (the data contract).
    Json,
    /// One self-contained HTML page.
    Html,
}

/// `newsweave analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files, directories (`.txt`, `.html`, `.html.gz`, `.jsonl`,
    /// `.jsonl.gz`) or `http(s)://` URLs of pages.
    #[arg(required_unless_present = "feed")]
    pub paths: Vec<PathBuf>,
    /// Fetching pages and feeds.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Report format; Markdown when stdout is a terminal, JSON otherwise.
    #[arg(long, short, value_enum, env = "NEWSWEAVE_FORMAT")]
    pub format: Option<Format>,
    /// Output file; standard output when absent.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Stop at the first unreadable input (exit code 1) instead of skipping it.
    #[arg(long, env = "NEWSWEAVE_STRICT")]
    pub strict: bool,
    /// Word budget of each story's summary.
    #[arg(long, default_value_t = 150, value_parser = positive)]
    pub summary_words: usize,
    /// Metadata for inputs that give none.
    #[command(flatten)]
    pub defaults: Defaults,
}
