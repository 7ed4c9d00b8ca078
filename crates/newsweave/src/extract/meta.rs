//! Metadata: pick the first clean value among what the two extractors found,
//! and normalise it (bylines without "By"/dates, ISO 8601 dates, site names).

use std::sync::LazyLock;

use regex::Regex;

/// Whitespace collapsed, entities decoded, trimmed; `None` when empty.
pub(crate) fn tidy(s: &str) -> Option<String> {
    let s = html_escape::decode_html_entities(s);
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// A headline, or `None` when there is none.
pub(crate) fn title(candidates: &[Option<&str>]) -> Option<String> {
    candidates
        .iter()
        .flatten()
        .filter_map(|t| tidy(t))
        .find(|t| t.chars().count() <= 400)
}

static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*((written|posted|published|reported|words|story)\s+)?by\b\s*:?\s*|^\W*authors?\s*:\s*")
        .expect("static regex")
});

/// Where a byline turns into a date, a reading time or a label.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (January|February|March|April|May|June|July|August|September|October|November|December)\s*\d
      | (?i:\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d{1,2}\b)
      | \d{4}-\d{2}-\d{2} | \d{1,2}[/.]\d{1,2}[/.]\d{2,4} | \b\d{1,2}:\d{2}
      | (?i:\b\d+\s+(seconds?|minutes?|mins?|hours?|days?|weeks?)\s+ago\b)
      | (?i:\b\d+\s*(-\s*)?min(ute)?s?\s+read\b)
      | (?i:\b(published|updated|last\ updated|posted)\b)",
    )
    .expect("static regex")
});

/// Values that extractors take for a byline but are not names.
const NOT_AUTHORS: &[&str] = &[
    "by",
    "admin",
    "administrator",
    "author",
    "authors",
    "published",
    "updated",
    "posted",
    "staff",
    "editor",
    "unknown",
    "anonymous",
    "guest",
    "hosted",
    "read more",
    "more",
    "minute read",
    "min read",
    "share",
    "comments",
];

/// A byline cleaned of "By", dates and labels, or `None` when what is left
/// does not look like a name.
pub(crate) fn author(candidates: &[Option<&str>]) -> Option<String> {
    candidates.iter().flatten().find_map(|a| clean_author(a))
}

fn clean_author(raw: &str) -> Option<String> {
    let s = tidy(raw)?;
    let s = BY.replace(&s, "");
    let s = match TAIL.find(&s) {
        Some(m) => &s[..m.start()],
        None => &s[..],
    };
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || ",;:|-–—·•/".contains(c))
        .to_string();
    let lower = s.to_lowercase();
    let bad = s.is_empty()
        || s.chars().count() > 100
        || s.split_whitespace().count() > 12
        || s.chars()
            .any(|c| c.is_ascii_digit() || "*<>{}=@#".contains(c))
        || lower.contains("http")
        || lower.contains("(required)")
        || lower.contains("(wajib)")
        || NOT_AUTHORS.contains(&lower.as_str())
        || !s.chars().any(char::is_alphabetic);
    (!bad).then_some(s)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
    )
    .expect("static regex")
});

/// An ISO 8601 date (`YYYY-MM-DD`) or timestamp from a date string that
/// starts with one, keeping the page's time zone; `None` otherwise.
pub(crate) fn iso_date(raw: &str) -> Option<String> {
    let c = ISO.captures(raw.trim())?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, mo, d) = (num(1)?, num(2)?, num(3)?);
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let date = format!("{y:04}-{mo:02}-{d:02}");
    let (Some(h), Some(mi)) = (num(4), num(5)) else {
        return Some(date);
    };
    let s = num(6).unwrap_or(0);
    if h > 23 || mi > 59 || s > 60 {
        return Some(date);
    }
    let frac = c.get(7).map_or("", |m| m.as_str());
    let tz = match c.get(8).map(|m| m.as_str()) {
        None => String::new(),
        Some("Z") => "Z".into(),
        Some(z) if z.len() == 5 => format!("{}:{}", &z[..3], &z[3..]),
        Some(z) => z.to_string(),
    };
    Some(format!("{date}T{h:02}:{mi:02}:{s:02}{frac}{tz}"))
}

/// The first candidate that reads as an ISO date.
pub(crate) fn date(candidates: &[Option<&str>]) -> Option<String> {
    candidates.iter().flatten().find_map(|d| iso_date(d))
}

/// A site name that looks like one (not a handle, a title or a widget).
pub(crate) fn outlet(candidates: &[Option<&str>], title: Option<&str>) -> Option<String> {
    candidates.iter().flatten().find_map(|raw| {
        if raw.contains('\n') || raw.trim_start().starts_with('@') {
            return None;
        }
        let s = tidy(raw)?;
        let bad = s.chars().count() > 60
            || s.split_whitespace().count() > 8
            || s.ends_with(':')
            || s.contains('°')
            || title.is_some_and(|t| t.eq_ignore_ascii_case(&s));
        (!bad).then_some(s)
    })
}

/// The page's language as an ISO 639-1 code, always set: the one detected
/// in `text` when the detector is confident (a template's `lang="en"` on a
/// German page is common), else the first declared one ("en-GB" → "en"),
/// else the detector's best guess on a text of a few words, else `"und"`
/// (undetermined, ISO 639-2).
pub(crate) fn language(declared: &[Option<&str>], text: &str) -> Option<String> {
    let code = |raw: &str| {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or("");
        (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| primary.to_ascii_lowercase())
    };
    let detected =
        whatlang::detect(text).and_then(|info| Some((iso_639_1(info.lang())?, info.is_reliable())));
    let sure = detected.filter(|d| d.1).map(|d| d.0.to_string());
    let guess = detected
        .filter(|_| super::filter::words(text).nth(4).is_some())
        .map(|d| d.0.to_string());
    sure.or_else(|| declared.iter().flatten().find_map(|d| code(d)))
        .or(guess)
        .or_else(|| Some("und".to_string()))
}

/// The two-letter code of a detected language, for the languages that
/// have one.
fn iso_639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Ell => "el",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slk => "sk",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Pes => "fa",
        Urd => "ur",
        Ben => "bn",
        Cat => "ca",
        _ => return None,
    })
}

/// `url` when it is absolute http(s); a root-relative or scheme-relative
/// one is resolved against `base`.
pub(crate) fn absolute_url(url: &str, base: Option<&str>) -> Option<String> {
    let url = url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        return (!url.contains(char::is_whitespace)).then(|| url.to_string());
    }
    let base = base?;
    let scheme_end = base.find("://")?;
    if let Some(rest) = url.strip_prefix("//") {
        return Some(format!("{}://{rest}", &base[..scheme_end]));
    }
    if url.starts_with('/') {
        let host_end = base[scheme_end + 3..]
            .find(['/', '?', '#'])
            .map_or(base.len(), |i| scheme_end + 3 + i);
        return Some(format!("{}{url}", &base[..host_end]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_lose_labels_and_dates() {
        let a = |s: &str| author(&[Some(s)]);
        assert_eq!(
            a("By TOM KRISHER, AP Auto Writer").as_deref(),
            Some("TOM KRISHER, AP Auto Writer")
        );
        assert_eq!(a("By admin - 2018-09-16"), None);
        assert_eq!(
            a("by Jeff Foust — November 18, 2019").as_deref(),
            Some("Jeff Foust")
        );
        assert_eq!(
            a("By Carrie ArnoldNovember 15, 2019").as_deref(),
            Some("Carrie Arnold")
        );
        assert_eq!(
            a("Sandee LaMotte, CNN \n\n 1 day ago").as_deref(),
            Some("Sandee LaMotte, CNN")
        );
        assert_eq!(a("Jane Doe 5 Minute Read").as_deref(), Some("Jane Doe"));
        assert_eq!(a("Published"), None);
        assert_eq!(a("By"), None);
        assert_eq!(a("Nama (wajib)"), None);
        assert_eq!(a("Имя *"), None);
        assert_eq!(
            author(&[Some("By"), Some("Ann Lee")]).as_deref(),
            Some("Ann Lee")
        );
    }

    #[test]
    fn dates_become_iso() {
        assert_eq!(
            iso_date("2019-11-20T11:19:29+0000").as_deref(),
            Some("2019-11-20T11:19:29+00:00")
        );
        assert_eq!(
            iso_date("2019-11-19T05:45:00-08:00").as_deref(),
            Some("2019-11-19T05:45:00-08:00")
        );
        assert_eq!(
            iso_date("2019-11-18T17:01:27.893").as_deref(),
            Some("2019-11-18T17:01:27.893")
        );
        assert_eq!(iso_date("2018-09-15").as_deref(), Some("2018-09-15"));
        assert_eq!(iso_date("0001-01-01T00:00:00Z"), None);
        assert_eq!(iso_date("November 19, 2019"), None);
        assert_eq!(iso_date("2019-13-01"), None);
    }

    #[test]
    fn outlets_skip_handles_and_widgets() {
        assert_eq!(
            outlet(&[Some("@politifact"), Some("PolitiFact")], None).as_deref(),
            Some("PolitiFact")
        );
        assert_eq!(outlet(&[Some("55°F Clear")], None), None);
        assert_eq!(outlet(&[Some("Поиск:")], None), None);
    }

    #[test]
    fn language_detected_else_declared() {
        assert_eq!(language(&[None, Some("en-GB")], "").as_deref(), Some("en"));
        let german = "Die Bundesregierung hat am Mittwoch beschlossen, dass die neuen Regeln für alle Unternehmen gelten sollen, die mehr als fünfzig Mitarbeiter beschäftigen.";
        assert_eq!(language(&[None], german).as_deref(), Some("de"));
        // A template's declaration loses to a clear reading of the text.
        assert_eq!(language(&[Some("en-US")], german).as_deref(), Some("de"));
        assert_eq!(
            language(&[Some("not a code")], "ok").as_deref(),
            Some("und")
        );
    }

    #[test]
    fn relative_urls_resolve() {
        let base = Some("https://www.itv.com/news/x?y=1");
        assert_eq!(
            absolute_url("/news/y", base).as_deref(),
            Some("https://www.itv.com/news/y")
        );
        assert_eq!(
            absolute_url("//cdn.itv.com/a", base).as_deref(),
            Some("https://cdn.itv.com/a")
        );
        assert_eq!(absolute_url("news/y", base), None);
        assert_eq!(
            absolute_url("http://a.b/c", None).as_deref(),
            Some("http://a.b/c")
        );
    }
}
