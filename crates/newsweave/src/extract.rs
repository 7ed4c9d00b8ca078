//! HTML → article body and metadata (interim: plain rs-trafilatura).

/// What an HTML page yields.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// Headline.
    pub title: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Publication date, ISO 8601.
    pub date: Option<String>,
    /// Outlet name or host.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Body, paragraphs separated by a blank line.
    pub text: String,
}

/// Extracts the article of an HTML page.
pub fn extract_html(html: &str, url: Option<&str>) -> crate::Result<Extracted> {
    let result =
        rs_trafilatura::extract(html).map_err(|e| crate::Error::Extraction(e.to_string()))?;
    let m = result.metadata;
    let text = result
        .content_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return Err(crate::Error::Extraction("no article body found".into()));
    }
    Ok(Extracted {
        title: m.title,
        author: m.author,
        date: m.date.map(|d| d.to_rfc3339()),
        outlet: m.sitename.or(m.hostname),
        url: m.url.or(url.map(str::to_string)),
        text,
    })
}

/// The host of a URL without "www.", as an outlet name of last resort.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}
