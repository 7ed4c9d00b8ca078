//! Cleaning: decide which paragraphs are article content and which are
//! boilerplate, keeping the reason for each dropped block.
//!
//! The rules look at a paragraph's shape and position, never at the wording
//! of one site: a UI label is a short sentence-case line at the edge of the
//! article; a link list is a trailing run of headline-shaped lines; an appeal
//! is a trailing run of paragraphs that address the reader; a caption carries
//! a credit label or sits, nameplate-shaped, between a heading and its body.
//! Blocks repeated across articles of one outlet are found by
//! [`mark_repeated`].

use std::collections::HashMap;

use crate::model::{BoilerplateReason, Document, ParagraphKind, Removed, Span};
use crate::{extract, segment};

/// Segments `text` and drops boilerplate paragraphs.
pub fn clean(text: &str) -> Document {
    let spans = segment::paragraphs(text);
    let paragraphs = segment::classify(text, &spans);
    let verdicts = judge(text, &spans, &paragraphs);
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    for (paragraph, verdict) in paragraphs.into_iter().zip(verdicts) {
        match verdict {
            Some(reason) => removed.push(Removed {
                span: paragraph.span,
                reason,
            }),
            None => kept.push(paragraph),
        }
    }
    let sentences = segment::sentences(text, &kept);
    let mut doc = Document {
        paragraphs: kept,
        sentences,
        removed,
        tokens: Vec::new(),
    };
    crate::tokens::fill(text, &mut doc);
    doc
}

/// The reason each paragraph is boilerplate, or `None` for content.
fn judge(
    text: &str,
    spans: &[Span],
    paragraphs: &[crate::model::Paragraph],
) -> Vec<Option<BoilerplateReason>> {
    let texts: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
    let n = texts.len();
    let mut out: Vec<Option<BoilerplateReason>> = vec![None; n];

    for (i, t) in texts.iter().enumerate() {
        out[i] = if has_credit_label(t) {
            Some(BoilerplateReason::Caption)
        } else if is_link_list_label(t) {
            Some(BoilerplateReason::RelatedLinks)
        } else if is_reader_interface(t) || is_video_teaser(t) {
            Some(BoilerplateReason::EmbedPlaceholder)
        } else {
            None
        };
    }

    // UI labels at the edges: "Live updates", "Load more updates".
    for i in [0, n.saturating_sub(1)] {
        if i < n && is_ui_label(texts[i]) {
            out[i] = Some(BoilerplateReason::Navigation);
        }
    }

    // Captions between a heading and its body: a nameplate or "X speaking".
    for i in 1..n.saturating_sub(1) {
        if out[i].is_none()
            && paragraphs[i - 1].kind == ParagraphKind::Heading
            && paragraphs[i + 1].kind == ParagraphKind::Body
            && is_caption_shape(texts[i])
        {
            out[i] = Some(BoilerplateReason::Caption);
        }
    }

    mark_trailing_link_list(&texts, paragraphs, &mut out);
    mark_trailing_appeal(&texts, &mut out);
    out
}

/// Words of a paragraph.
fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// "Credit: HOC", "Photo: Reuters", "Picture: AP" at the end of a short block.
fn has_credit_label(s: &str) -> bool {
    static LABELS: &[&str] = &[
        "Credit:",
        "Credits:",
        "Photo:",
        "Photograph:",
        "Picture:",
        "Image:",
    ];
    word_count(s) <= 25
        && LABELS.iter().any(|label| {
            s.rfind(label).is_some_and(|at| {
                let after = &s[at + label.len()..];
                (1..=5).contains(&word_count(after)) && !segment::ends_sentence(after)
            })
        })
}

/// A short all-capitals label ending in a colon ("RELATED STORIES:").
fn is_link_list_label(s: &str) -> bool {
    let Some(label) = s.strip_suffix(':') else {
        return false;
    };
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    word_count(label) <= 4 && letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

/// Words outside quotation marks, lower-cased.
fn unquoted_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut inside = false;
    let mut current = String::new();
    for c in s.chars() {
        match c {
            '“' => inside = true,
            '”' => inside = false,
            '"' => inside = !inside,
            _ => {}
        }
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            if !inside {
                current.extend(c.to_lowercase());
            }
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Words by which a page speaks to its reader or about itself, outside quotes.
fn addresses_reader(s: &str) -> bool {
    unquoted_words(s).iter().any(|w| {
        matches!(
            w.as_str(),
            "you" | "your" | "you'll" | "you’ll" | "please" | "readers" | "our" | "we" | "us"
        )
    })
}

/// A short one-sentence notice addressed to the reader about the page
/// itself ("Sorry, this content isn't available on your device.").
fn is_reader_interface(s: &str) -> bool {
    let words = unquoted_words(s);
    words.len() <= 12
        && words.iter().any(|w| w == "your" || w == "you")
        && !s.contains(['“', '"'])
        && s.matches(['.', '!', '?']).count() <= 1
}

/// A video teaser: a short block that ends in the video's running time
/// and is labelled as one ("MUST WATCH Rick Scott details Florida gun law
/// changes 03:44").
fn is_video_teaser(s: &str) -> bool {
    let Some(last) = s.split_whitespace().last() else {
        return false;
    };
    let running_time = last.split_once(':').is_some_and(|(m, sec)| {
        (1..=2).contains(&m.len())
            && sec.len() == 2
            && m.chars().chain(sec.chars()).all(|c| c.is_ascii_digit())
    });
    // A time of day ends sentences too ("starts at 10:30"): a teaser also
    // has a shouted label ("MUST WATCH") or says it is a video.
    let labelled = s.split_whitespace().any(|w| {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 4 && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()))
            || w.to_lowercase().starts_with("video")
    });
    running_time && labelled && (3..=30).contains(&word_count(s))
}

/// A short sentence-case label without punctuation ("Load more updates").
fn is_ui_label(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && !s.contains(|c: char| c.is_ascii_punctuation() || c.is_numeric())
        && words[1..]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_lowercase))
}

/// A photo caption under a heading: a nameplate ("Shadow Foreign Secretary
/// Emily Thornberry.") or a name doing something ("Andrew Mitchell MP
/// speaking in the Commons.").
fn is_caption_shape(s: &str) -> bool {
    if word_count(s) > 12 || s.contains(['“', '"', '‘']) {
        return false;
    }
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let nameplate = words
        .iter()
        .all(|w| capitalised(w) || matches!(*w, "of" | "for" | "and" | "the" | "in" | "on" | "at"));
    let lead = words.iter().take_while(|w| capitalised(w)).count();
    let doing = lead >= 2
        && words
            .get(lead)
            .is_some_and(|w| w.ends_with("ing") || matches!(*w, "speaks" | "pictured"));
    nameplate || doing
}

/// A trailing run of two or more headline-shaped lines: links to other
/// articles ("More from LabourList" and the headlines under it).
fn mark_trailing_link_list(
    texts: &[&str],
    paragraphs: &[crate::model::Paragraph],
    out: &mut [Option<BoilerplateReason>],
) {
    let mut start = texts.len();
    while start > 0 {
        let i = start - 1;
        let headline =
            paragraphs[i].kind == ParagraphKind::Heading || ends_in_quoted_title(texts[i]);
        if !(headline || out[i].is_some()) {
            break;
        }
        start = i;
    }
    let headlines = (start..texts.len()).filter(|&i| out[i].is_none()).count();
    if headlines >= 2 {
        for slot in &mut out[start..] {
            slot.get_or_insert(BoilerplateReason::LinkList);
        }
    }
}

/// A headline that is itself a quotation: ‘Soaring attacks ... a strategy’.
fn ends_in_quoted_title(s: &str) -> bool {
    let starts = s.starts_with(['‘', '“', '\'', '"']);
    let inner = s.trim_end_matches(segment::is_closer);
    starts && word_count(s) <= 20 && !inner.ends_with(['.', '!', '?'])
        || starts && word_count(s) <= 20 && s.ends_with('’') && inner.ends_with('.')
}

/// A trailing run of paragraphs in which at least half address the reader
/// (a donation appeal, a newsletter prompt, terms and conditions).
fn mark_trailing_appeal(texts: &[&str], out: &mut [Option<BoilerplateReason>]) {
    let mut best_start = None;
    let mut addressing = 0;
    for i in (0..texts.len()).rev() {
        if addresses_reader(texts[i]) {
            addressing += 1;
        }
        let run = texts.len() - i;
        if addresses_reader(texts[i]) && addressing >= 2 && addressing * 2 >= run {
            best_start = Some(i);
        }
        if run >= 4 && addressing * 3 < run {
            break;
        }
    }
    if let Some(start) = best_start {
        for slot in &mut out[start..] {
            slot.get_or_insert(BoilerplateReason::Appeal);
        }
    }
}

/// Marks, across several documents of one outlet, kept paragraphs that
/// two or more of them have as [`BoilerplateReason::Repeated`] and drops
/// them (with their sentences): the repeat rule of extraction
/// ([`extract::furniture_key`], [`extract::keeps_whole`]) over a batch.
///
/// `docs` pairs each text with its document; only call it on articles of the
/// same outlet: the same paragraph in two outlets is syndication, not
/// boilerplate.
pub fn mark_repeated(docs: &mut [(&str, &mut Document)]) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (text, doc) in docs.iter() {
        let mut mine: Vec<u64> = doc
            .paragraphs
            .iter()
            .filter_map(|p| extract::furniture_key(p.span.slice(text)))
            .collect();
        mine.sort_unstable();
        mine.dedup();
        for key in mine {
            *seen.entry(key).or_default() += 1;
        }
    }
    for (text, doc) in docs.iter_mut() {
        let repeated: Vec<bool> = doc
            .paragraphs
            .iter()
            .map(|p| {
                extract::furniture_key(p.span.slice(text))
                    .and_then(|k| seen.get(&k))
                    .is_some_and(|&n| n >= 2)
            })
            .collect();
        let n = repeated.iter().filter(|&&r| r).count();
        if extract::keeps_whole(n, repeated.len()) {
            continue;
        }
        let mut kept = Vec::new();
        for (p, rep) in doc.paragraphs.drain(..).zip(&repeated) {
            if *rep {
                doc.removed.push(Removed {
                    span: p.span,
                    reason: BoilerplateReason::Repeated,
                });
            } else {
                kept.push(p);
            }
        }
        doc.removed.sort_by_key(|r| r.span.start);
        doc.sentences = segment::sentences(text, &kept);
        doc.paragraphs = kept;
        crate::tokens::fill(text, doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::seed;

    fn removed_texts<'t>(text: &'t str, doc: &Document) -> Vec<&'t str> {
        doc.removed.iter().map(|r| r.span.slice(text)).collect()
    }

    fn kept_text(text: &str, doc: &Document) -> String {
        doc.paragraphs
            .iter()
            .map(|p| p.span.slice(text))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn itv_live_blog_drops_interface_and_captions() {
        let Some(text) = seed("000_dd91db12d2c4c90d.txt") else {
            return;
        };
        let doc = clean(&text);
        let kept = kept_text(&text, &doc);
        for junk in [
            "Sorry, this content isn't available on your device.",
            "Load more updates",
            "Credit: HOC",
            "Credit: ITV News",
            "Live updates",
        ] {
            assert!(!kept.contains(junk), "kept {junk:?}");
        }
        assert!(kept.contains("the mills of justice grind slowly"));
        assert!(kept.contains("Russian Embassy responds to Johnson's protest call"));
        assert!(kept.contains("Former International Development Secretary Andrew Mitchell"));
        let removed = removed_texts(&text, &doc);
        assert!(removed.len() <= 12, "removed too much: {removed:#?}");
    }

    #[test]
    fn sun_drops_related_label_and_donation_appeal() {
        let Some(text) = seed("003_623325d71c16a6fc.txt") else {
            return;
        };
        let doc = clean(&text);
        let kept = kept_text(&text, &doc);
        for junk in [
            "RELATED STORIES",
            "donate",
            "Terms and conditions",
            "020 7012 6400",
        ] {
            assert!(!kept.contains(junk), "kept {junk:?}");
        }
        assert!(kept.contains("We reaffirm our commitment to the destruction of Da’esh"));
        assert!(kept.contains("that is a war crime"));
    }

    #[test]
    fn labourlist_drops_more_from_links() {
        let Some(text) = seed("004_474c5a378a245884.txt") else {
            return;
        };
        let doc = clean(&text);
        let kept = kept_text(&text, &doc);
        for junk in [
            "More from LabourList",
            "Kemi Badenoch",
            "Soaring attacks",
            "West of England mayor",
        ] {
            assert!(!kept.contains(junk), "kept {junk:?}");
        }
        assert!(kept.contains("US-led coalition bombing"));
        assert!(doc
            .removed
            .iter()
            .all(|r| r.reason == BoilerplateReason::LinkList));
    }

    #[test]
    fn video_teasers_are_dropped() {
        let text = "The governor spoke on Friday.\n\nJUST WATCHED Rick Scott details Florida gun law changes Replay More Videos ... MUST WATCH Rick Scott details Florida gun law changes 03:44\n\nThe meeting starts at 10:30";
        let doc = clean(text);
        assert_eq!(
            removed_texts(text, &doc),
            ["JUST WATCHED Rick Scott details Florida gun law changes Replay More Videos ... MUST WATCH Rick Scott details Florida gun law changes 03:44"]
        );
        assert_eq!(doc.removed[0].reason, BoilerplateReason::EmbedPlaceholder);
    }

    #[test]
    fn plain_article_is_untouched() {
        let text = "Ministers met on Monday.\n\nThe plan, they said, would cost £5m.\n\n\"We will act,\" the minister said.";
        let doc = clean(text);
        assert!(doc.removed.is_empty());
        assert_eq!(doc.paragraphs.len(), 3);
    }

    #[test]
    fn repeated_blocks_of_one_outlet_are_dropped() {
        let a =
            "Story one is about floods.\n\nSign up to our daily newsletter for the best stories.";
        let b =
            "Story two is about fires.\n\nSign up to our daily newsletter for the best stories.";
        let mut da = segment::document(a);
        let mut db = segment::document(b);
        mark_repeated(&mut [(a, &mut da), (b, &mut db)]);
        assert_eq!(da.paragraphs.len(), 1);
        assert_eq!(db.removed[0].reason, BoilerplateReason::Repeated);
        assert_eq!(da.sentences.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn spans_stay_in_bounds(text in "[a-zA-Z .,\"“”:\n]{0,200}") {
            let doc = clean(&text);
            for p in &doc.paragraphs {
                proptest::prop_assert!(p.span.end <= text.len());
            }
            for s in &doc.sentences {
                proptest::prop_assert!(text.get(s.span.start..s.span.end).is_some());
            }
        }
    }
}
