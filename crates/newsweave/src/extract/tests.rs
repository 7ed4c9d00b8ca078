use super::*;

/// A news page with the usual furniture around a three-paragraph article.
const PAGE: &str = r##"<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour bridge to close for repairs | The Daily Example</title>
<meta property="og:title" content="Harbour bridge to close for repairs">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://www.dailyexample.com/news/harbour-bridge-repairs">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="author" content="By Jane Smith">
</head><body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
</ul></nav></header>
<main>
<article>
  <h1>Harbour bridge to close for repairs</h1>
  <p class="byline">By Jane Smith</p>
  <div class="share-buttons">
    <a href="https://facebook.com/share">Share on Facebook</a>
    <a href="https://twitter.com/share">Share on Twitter</a>
    <button>Copy link</button>
  </div>
  <figure>
    <img src="/img/bridge.jpg" alt="The bridge at dusk">
    <figcaption>The bridge carries forty thousand cars a day. Credit: John Doe/Example Images</figcaption>
  </figure>
  <p>The harbour bridge will close for six weeks from next Monday while engineers
  replace the worn expansion joints that have cracked after forty winters of salt
  and heavy lorries, the city council announced on Tuesday.</p>
  <p>Drivers are advised to use the ring road, and extra ferries will run every
  ten minutes during the morning and evening rush hours. Cyclists and people on
  foot can still cross on the western walkway, which stays open throughout.</p>
  <p>"We know this is disruptive, but the joints have reached the end of their
  life," said the council's head of transport, adding that the work had been
  planned for the quietest weeks of the year to limit the delays for commuters.</p>
  <p>Share this article: <a href="#">Facebook</a> <a href="#">Twitter</a></p>
  <section class="related">
    <h2>Related stories</h2>
    <ul>
      <li><a href="/news/ferry-timetable">New ferry timetable announced for the spring season</a></li>
      <li><a href="/news/ring-road">Ring road roadworks finish two weeks early</a></li>
      <li><a href="/news/council-budget">Council sets out its transport budget for next year</a></li>
    </ul>
  </section>
</article>
</main>
<footer><p>&copy; 2024 The Daily Example. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p></footer>
</body></html>"##;

#[test]
fn keeps_the_article_and_drops_the_furniture() {
    let page = extract_html(
        PAGE,
        Some("https://www.dailyexample.com/news/harbour-bridge-repairs?utm=x"),
    )
    .expect("the page has an article");
    let paras: Vec<&str> = page.text.split("\n\n").collect();
    assert_eq!(paras.len(), 3, "{:#?}", paras);
    assert!(paras[0].starts_with("The harbour bridge will close for six weeks"));
    assert!(paras[1].starts_with("Drivers are advised to use the ring road"));
    assert!(paras[2].starts_with("\"We know this is disruptive"));
    assert!(!paras.iter().any(|p| p.contains('\n')));
    for junk in [
        "Home",
        "Share",
        "Credit:",
        "forty thousand cars",
        "Related stories",
        "ferry timetable",
        "Ring road roadworks",
        "All rights reserved",
        "Privacy",
        "By Jane Smith",
    ] {
        assert!(
            !page.text.contains(junk),
            "{junk:?} left in {:?}",
            page.text
        );
    }
    assert_eq!(
        page.title.as_deref(),
        Some("Harbour bridge to close for repairs")
    );
    assert_eq!(page.author.as_deref(), Some("Jane Smith"));
    assert_eq!(page.date.as_deref(), Some("2024-03-05T09:30:00+01:00"));
    assert_eq!(page.outlet.as_deref(), Some("The Daily Example"));
    assert_eq!(
        page.url.as_deref(),
        Some("https://www.dailyexample.com/news/harbour-bridge-repairs")
    );
}

#[test]
fn bytes_are_decoded_per_meta_charset() {
    let html = PAGE
        .replace("utf-8", "windows-1252")
        .replace("six weeks", "six weeks \u{e9}t\u{e9}");
    let (bytes, _, _) = encoding_rs_like(&html);
    let page = extract_html_bytes(&bytes, None).expect("the page has an article");
    assert!(
        page.text.contains("six weeks \u{e9}t\u{e9}"),
        "{}",
        page.text
    );
}

/// Latin-1 encoding of a string whose characters are all below U+0100.
fn encoding_rs_like(s: &str) -> (Vec<u8>, (), ()) {
    (
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
            .collect(),
        (),
        (),
    )
}

#[test]
fn empty_and_garbage_input_is_an_error() {
    for html in [
        "",
        "   \n\t",
        "<html></html>",
        "<<<>>>&&&",
        "\u{0}\u{1}\u{fffd}",
    ] {
        let r = extract_html(html, None);
        assert!(
            matches!(r, Err(Error::Extraction(_))),
            "{html:?} gave {r:?}"
        );
    }
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(extract_html_bytes(&garbage, Some("not a url")).is_err());
    assert!(extract_html_bytes(&[], None).is_err());
}

#[test]
fn deep_and_large_pages_do_not_crash() {
    let body = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>";
    let deep = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(5_000),
        body.repeat(5)
    );
    let _ = extract_html(&deep, None);
    let wide = format!(
        "<html><body><article>{}</article></body></html>",
        body.repeat(20_000)
    );
    let page = extract_html(&wide, None).expect("a long article");
    assert!(page.text.len() > 1_000_000);
    let huge = "a".repeat(MAX_HTML_BYTES + 1);
    assert!(extract_html(&huge, None).is_err());
}

#[test]
fn outlet_is_the_host_without_www() {
    assert_eq!(
        outlet_from_url("https://www.itv.com/news/x").as_deref(),
        Some("itv.com")
    );
    assert_eq!(
        outlet_from_url("http://news.bbc.co.uk/1/hi").as_deref(),
        Some("news.bbc.co.uk")
    );
    assert_eq!(
        outlet_from_url("https://m.Example.COM:8080/a?b#c").as_deref(),
        Some("example.com")
    );
    assert_eq!(
        outlet_from_url("https://user@www2.example.org").as_deref(),
        Some("example.org")
    );
    assert_eq!(outlet_from_url("itv.com/news").as_deref(), Some("itv.com"));
    assert_eq!(outlet_from_url(""), None);
    assert_eq!(outlet_from_url("not a url"), None);
    assert_eq!(outlet_from_url("file:///tmp/x.html"), None);
}

/// The extraction benchmark's measure (`shared/eval/extraction/score.py`):
/// word 4-gram multisets, precision and recall averaged over pages.
fn benchmark_f1(pairs: &[(String, String)]) -> (f64, f64, f64) {
    use std::collections::HashMap;
    fn shingles(text: &str) -> HashMap<Vec<&str>, i64> {
        let ws: Vec<&str> = filter::words(text).collect();
        let mut m = HashMap::new();
        if ws.len() < 4 {
            if !ws.is_empty() {
                *m.entry(ws).or_insert(0) += 1;
            }
            return m;
        }
        for w in ws.windows(4) {
            *m.entry(w.to_vec()).or_insert(0) += 1;
        }
        m
    }
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (gold, pred) in pairs {
        let (g, p) = (shingles(gold), shingles(pred));
        let tp: i64 = g
            .iter()
            .map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0)))
            .sum();
        let fp: i64 = p
            .iter()
            .map(|(k, n)| (n - g.get(k).unwrap_or(&0)).max(0))
            .sum();
        let fneg: i64 = g
            .iter()
            .map(|(k, n)| (n - p.get(k).unwrap_or(&0)).max(0))
            .sum();
        let exact = fp == 0 && fneg == 0;
        if tp + fp > 0 || fneg == 0 {
            ps.push(if exact {
                1.0
            } else if tp + fp > 0 {
                tp as f64 / (tp + fp) as f64
            } else {
                0.0
            });
        }
        if tp + fneg > 0 || fp == 0 {
            rs.push(if exact {
                1.0
            } else if tp + fneg > 0 {
                tp as f64 / (tp + fneg) as f64
            } else {
                0.0
            });
        }
    }
    let p = ps.iter().sum::<f64>() / ps.len().max(1) as f64;
    let r = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (f1, p, r)
}

#[test]
#[allow(clippy::print_stderr)] // the skip notice and the score are for the person running it
fn dev_benchmark_f1_is_at_least_0_95() {
    use std::io::BufRead;
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/eval/extraction"
    );
    let (pages, gold) = (format!("{dir}/pages.jsonl.gz"), format!("{dir}/gold.jsonl"));
    let (Ok(pages), Ok(gold)) = (std::fs::File::open(&pages), std::fs::read_to_string(&gold))
    else {
        eprintln!("skipped: the extraction benchmark is not at {dir}");
        return;
    };
    let gold: std::collections::HashMap<String, String> = gold
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some((
                v["id"].as_str()?.to_string(),
                v["text"].as_str()?.to_string(),
            ))
        })
        .collect();
    let mut pairs = Vec::new();
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(pages)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.expect("readable")).expect("JSON");
        let id = v["id"].as_str().expect("id");
        let text = extract_html(v["html"].as_str().expect("html"), v["url"].as_str())
            .map(|e| e.text)
            .unwrap_or_default();
        pairs.push((gold.get(id).cloned().unwrap_or_default(), text));
    }
    assert_eq!(pairs.len(), gold.len());
    let (f1, p, r) = benchmark_f1(&pairs);
    eprintln!("dev half: F1 {f1:.3}, precision {p:.3}, recall {r:.3}");
    assert!(f1 >= 0.95, "F1 {f1:.3} (P {p:.3}, R {r:.3}) is under 0.95");
}

#[test]
fn explain_lists_dropped_blocks_with_reasons() {
    let page = extract_html_with(PAGE, None, &Options::explain(true)).unwrap();
    let reason_of = |t: &str| {
        page.removed
            .iter()
            .find(|r| r.text.contains(t))
            .map(|r| r.reason)
    };
    assert_eq!(reason_of("Sport"), Some(Reason::Navigation));
    assert_eq!(reason_of("forty thousand cars"), Some(Reason::Caption));
    assert_eq!(reason_of("Share on Facebook"), Some(Reason::SharePrompt));
    assert_eq!(reason_of("Ring road roadworks"), Some(Reason::RelatedLinks));
    assert_eq!(reason_of("All rights reserved"), Some(Reason::Copyright));
    assert_eq!(reason_of("expansion joints"), None);
    // Without the option nothing is listed, and the body is the same.
    let plain = extract_html(PAGE, None).unwrap();
    assert!(plain.removed.is_empty());
    assert_eq!(plain.text, page.text);
}

#[test]
fn live_blog_furniture_is_explained() {
    let html = include_str!("../../../../examples/pages/itv-liveblog.html");
    let page = extract_html_with(html, None, &Options::explain(true)).unwrap();
    let reason_of = |t: &str| {
        page.removed
            .iter()
            .find(|r| r.text.contains(t))
            .map(|r| r.reason)
    };
    assert_eq!(reason_of("Load more updates"), Some(Reason::LoadMore));
    assert_eq!(
        reason_of("this content isn't available"),
        Some(Reason::EmbedPlaceholder)
    );
    assert_eq!(reason_of("Credit: HOC"), Some(Reason::Caption));
    assert_eq!(reason_of("5:52pm"), Some(Reason::Byline));
    assert_eq!(reason_of("We use cookies"), Some(Reason::CookieNotice));
    assert!(!page.text.contains("Load more"));
    assert!(page.text.contains("classic bully"));
}

#[test]
fn live_blog_becomes_timed_entries() {
    let html = include_str!("../../../../examples/pages/itv-liveblog.html");
    let page = extract_html(html, None).unwrap();
    assert_eq!(page.entries.len(), 7, "{:#?}", page.entries);
    let first = &page.entries[0];
    assert_eq!(
        first.headline.as_deref(),
        Some("Russian Embassy responds to Johnson's protest call")
    );
    assert_eq!(first.time.as_deref(), Some("2016-10-11T17:52:00+01:00"));
    assert!(first.body.starts_with("The Russian Embassy has responded"));
    assert!(!first.body.contains("Share on"));
    // An update without a time keeps its place, with no time.
    assert_eq!(page.entries[5].time, None);
    assert!(page.entries[5].body.contains("six prominent failings"));
    // Captions and embed stand-ins stay out of the bodies.
    assert!(page
        .entries
        .iter()
        .all(|e| !e.body.contains("Credit:") && !e.body.contains("isn't available")));
    // The body text is still the whole blog.
    assert!(page.text.contains("classic bully"));

    // Times given as text only.
    let shown = html.replace("<time ", "<p ").replace("</time>", "</p>");
    let page = extract_html(&shown, None).unwrap();
    assert_eq!(page.entries.len(), 7);
    assert_eq!(page.entries[0].time.as_deref(), Some("5:52pm"));
}

#[test]
fn live_blog_from_json_ld() {
    let html = r#"<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Storm live",
     "liveBlogUpdate": [
       {"@type": "BlogPosting", "headline": "Roads closed", "datePublished": "2024-01-02T10:15:00Z",
        "articleBody": "Police have closed the coast road after trees came down overnight."},
       {"@type": "BlogPosting", "headline": "Trains stopped", "datePublished": "2024-01-02T09:40:00Z",
        "articleBody": "No trains will run north of the city until the line is cleared."}
     ]}</script></head><body><article>
     <p>Police have closed the coast road after trees came down overnight, and drivers are told to stay home.</p>
     <p>No trains will run north of the city until the line is cleared of fallen branches, the operator said.</p>
     </article></body></html>"#;
    let page = extract_html(html, None).unwrap();
    assert_eq!(page.entries.len(), 2);
    assert_eq!(page.entries[1].headline.as_deref(), Some("Trains stopped"));
    assert_eq!(
        page.entries[0].time.as_deref(),
        Some("2024-01-02T10:15:00Z")
    );
}

#[test]
fn an_ordinary_article_has_no_entries() {
    assert!(extract_html(PAGE, None).unwrap().entries.is_empty());
}

/// Pages written for the project, one a language (`examples/pages/lang/`):
/// a standfirst and four paragraphs among the furniture of a news site in
/// that language (menu, caption, source line, "read also" link, share and
/// print links, a rating prompt, a newsletter box with its thank-you and
/// error messages, a footer). The Polish page declares `lang="en-US"` (a
/// template's leftover), the Portuguese one no language.
#[test]
fn every_language_keeps_the_article_and_drops_the_furniture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/pages/lang");
    for code in ["en", "de", "fr", "es", "it", "pl", "pt"] {
        let path = dir.join(format!("{code}.html"));
        let html = std::fs::read_to_string(&path).expect("a language page");
        let page = extract_html_with(&html, None, &Options::explain(true)).expect("a body");
        assert_eq!(page.language.as_deref(), Some(code), "{code}");
        let paragraphs: Vec<&str> = page.text.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 5, "{code}: {paragraphs:#?}");
        for p in &paragraphs {
            assert!(
                filter::words(p).count() >= 15 && p.ends_with('.'),
                "{code}: {p}"
            );
        }
        // The furniture is listed with a reason, the menu as navigation.
        assert!(page.removed.len() >= 14, "{code}: {:#?}", page.removed);
        assert!(page.removed.iter().any(|r| r.reason == Reason::Navigation));
        assert!(page.removed.iter().any(|r| r.text.starts_with('©')));
    }
}
