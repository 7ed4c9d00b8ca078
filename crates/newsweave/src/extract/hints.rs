//! What an element's name, class, id or role says it holds: the one table
//! of element hints that every reader of a page (the fast path's walker,
//! the DOM walkers of `--explain` and live blogs) consults.
//!
//! A hint is a [`Reason`] and the word it came from ([`Hint::word`]), so
//! that a page can tell a word it uses for everything (page builders wrap
//! every paragraph in `class="elementor-widget"`) from one that marks a
//! part ([`super::fast`] ignores a word whose elements hold most of the
//! page's text).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Reason;

/// An element hint: what it says the content is, and which word of
/// [`CLASS_WORDS`] (or which element name or role, numbered after them)
/// said so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hint {
    /// What the element holds.
    pub reason: Reason,
    /// Identity of the word, name or role behind the hint.
    pub word: u16,
}

/// Class and id words that say what an element holds: `(pattern, reason,
/// whole word only)`. `None` as the reason marks article text. Where two
/// words match one value, the leftmost wins (`comment-share` is comments).
const CLASS_WORDS: &[(&str, Option<Reason>, bool)] = &[
    ("cookie", Some(Reason::CookieNotice), false),
    ("consent", Some(Reason::CookieNotice), false),
    ("gdpr", Some(Reason::CookieNotice), false),
    ("donat", Some(Reason::DonationAppeal), false),
    ("support-us", Some(Reason::DonationAppeal), false),
    ("supportus", Some(Reason::DonationAppeal), false),
    ("newsletter", Some(Reason::Subscription), false),
    ("subscri", Some(Reason::Subscription), false),
    ("signup", Some(Reason::Subscription), false),
    ("sign-up", Some(Reason::Subscription), false),
    ("paywall", Some(Reason::Subscription), false),
    ("comment", Some(Reason::Comments), false),
    ("disqus", Some(Reason::Comments), false),
    ("share", Some(Reason::SharePrompt), false),
    ("sharing", Some(Reason::SharePrompt), false),
    ("social", Some(Reason::SharePrompt), false),
    ("related", Some(Reason::RelatedLinks), false),
    ("recommend", Some(Reason::RelatedLinks), false),
    ("more-stories", Some(Reason::RelatedLinks), false),
    ("read-more", Some(Reason::RelatedLinks), false),
    ("readmore", Some(Reason::RelatedLinks), false),
    ("outbrain", Some(Reason::RelatedLinks), false),
    ("taboola", Some(Reason::RelatedLinks), false),
    ("teaser", Some(Reason::RelatedLinks), false),
    ("breadcrumb", Some(Reason::Breadcrumb), false),
    ("pagination", Some(Reason::LoadMore), false),
    ("load-more", Some(Reason::LoadMore), false),
    ("loadmore", Some(Reason::LoadMore), false),
    ("caption", Some(Reason::Caption), false),
    ("credit", Some(Reason::Caption), false),
    ("advert", Some(Reason::Advertisement), false),
    ("sponsor", Some(Reason::Advertisement), false),
    ("promo", Some(Reason::Advertisement), false),
    ("ad", Some(Reason::Advertisement), true),
    ("ads", Some(Reason::Advertisement), true),
    ("adslot", Some(Reason::Advertisement), true),
    ("dfp", Some(Reason::Advertisement), true),
    ("byline", Some(Reason::Byline), false),
    ("dateline", Some(Reason::Byline), false),
    ("author", Some(Reason::Byline), false),
    ("timestamp", Some(Reason::Byline), false),
    ("tags", Some(Reason::Tags), true),
    ("menu", Some(Reason::Navigation), false),
    ("navbar", Some(Reason::Navigation), false),
    ("navigation", Some(Reason::Navigation), false),
    ("nav", Some(Reason::Navigation), true),
    ("skip-link", Some(Reason::Navigation), false),
    ("sr-only", Some(Reason::Navigation), false),
    ("visually-hidden", Some(Reason::Navigation), false),
    ("screen-reader", Some(Reason::Navigation), false),
    ("sidebar", Some(Reason::Sidebar), false),
    ("widget", Some(Reason::Sidebar), false),
    ("rail", Some(Reason::Sidebar), true),
    ("footer", Some(Reason::Footer), false),
    ("masthead", Some(Reason::Header), false),
    ("site-header", Some(Reason::Header), false),
    ("article", None, false),
    ("content", None, false),
    ("story", None, false),
    ("entry", None, false),
    ("post-body", None, false),
    ("body", None, true),
    ("text", None, true),
    ("main", None, true),
];

static CLASSES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(CLASS_WORDS.iter().map(|w| w.0))
        .expect("static patterns")
});

/// What a class or id value says: a boilerplate hint, and whether it names
/// article text.
pub(crate) fn classify(v: &str) -> (Option<Hint>, bool) {
    let b = v.as_bytes();
    let mut hint = None;
    let mut positive = false;
    for m in CLASSES.find_iter(v) {
        let i = m.pattern().as_usize();
        let (_, r, whole) = CLASS_WORDS[i];
        if whole {
            let before = m.start().checked_sub(1).and_then(|i| b.get(i));
            let after = b.get(m.end());
            let alnum = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
            if alnum(before) || alnum(after) {
                continue;
            }
        }
        match r {
            Some(reason) => {
                hint.get_or_insert(Hint {
                    reason,
                    word: i as u16,
                });
            }
            None => positive = true,
        }
    }
    (hint, positive)
}

/// Element names that say what they hold.
const NAMES: &[(&str, Reason)] = &[
    ("nav", Reason::Navigation),
    ("menu", Reason::Navigation),
    ("header", Reason::Header),
    ("footer", Reason::Footer),
    ("aside", Reason::Sidebar),
    ("form", Reason::Form),
    ("figure", Reason::Caption),
    ("figcaption", Reason::Caption),
    ("button", Reason::Navigation),
];

/// ARIA roles that say what an element holds.
const ROLES: &[(&str, Reason)] = &[
    ("navigation", Reason::Navigation),
    ("menu", Reason::Navigation),
    ("complementary", Reason::Sidebar),
    ("contentinfo", Reason::Footer),
];

/// What an element name says (lower case, or any case).
pub(crate) fn of_name(name: &str) -> Option<Hint> {
    NAMES
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|i| Hint {
            reason: NAMES[i].1,
            word: (CLASS_WORDS.len() + i) as u16,
        })
}

/// What a `role` attribute says.
pub(crate) fn of_role(role: &str) -> Option<Hint> {
    let role = role.trim();
    ROLES
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(role))
        .map(|i| Hint {
            reason: ROLES[i].1,
            word: (CLASS_WORDS.len() + NAMES.len() + i) as u16,
        })
}

/// What an element's name and its class and id values say its content is:
/// the class and id first, then the name.
pub(crate) fn of_element(name: &str, class_id: &str) -> Option<Reason> {
    classify(class_id)
        .0
        .or_else(|| of_name(name))
        .map(|h| h.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_name_and_role() {
        let r = |v: &str| classify(v).0.map(|h| h.reason);
        assert_eq!(r("post-comments"), Some(Reason::Comments));
        assert_eq!(r("ad-slot top"), Some(Reason::Advertisement));
        // Whole words only: "head" is not "ad", "shadow" neither.
        assert_eq!(r("masthead-shadow"), Some(Reason::Header));
        assert_eq!(r("download"), None);
        assert!(classify("article-body").1);
        assert_eq!(of_element("aside", ""), Some(Reason::Sidebar));
        assert_eq!(
            of_element("div", "newsletter-box"),
            Some(Reason::Subscription)
        );
        assert_eq!(
            of_role("complementary").map(|h| h.reason),
            Some(Reason::Sidebar)
        );
        // Words, names and roles each have their own identity.
        let words = [
            classify("sidebar").0.map(|h| h.word),
            classify("widget").0.map(|h| h.word),
            of_name("aside").map(|h| h.word),
            of_role("complementary").map(|h| h.word),
        ];
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
