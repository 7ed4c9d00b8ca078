//! Why a block of a page is not part of the article body (`extract --explain`).

use std::fmt;

use serde::Serialize;

/// Why a block of the page was left out of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Menus, section links, skip links.
    Navigation,
    /// Lists or teasers of other stories ("Related stories", "Read more:").
    RelatedLinks,
    /// Share buttons, "Follow us on...", "Click here".
    SharePrompt,
    /// Newsletter and subscription prompts.
    Subscription,
    /// "Support our journalism", "Donate".
    DonationAppeal,
    /// A stand-in for embedded media ("This content isn't available").
    EmbedPlaceholder,
    /// Picture and video captions and credits.
    Caption,
    /// Reader comments and prompts to comment.
    Comments,
    /// Bylines, datelines and reading times set apart from the text.
    Byline,
    /// Advertisements and sponsored labels.
    Advertisement,
    /// Copyright and rights notices.
    Copyright,
    /// Breadcrumb trails (`News > World`).
    Breadcrumb,
    /// Cookie and consent banners.
    CookieNotice,
    /// Tags, categories, "Filed under".
    Tags,
    /// "Load more updates", pagination.
    LoadMore,
    /// The page header (masthead, headline furniture).
    Header,
    /// The page footer.
    Footer,
    /// A sidebar or box set apart from the text.
    Sidebar,
    /// A form (search, login, comment box).
    Form,
    /// Inside the candidate body, but the second extractor left it out.
    NotConfirmed,
    /// Outside the element both extractors took for the article.
    OutsideArticle,
    /// A block already seen in another page of the same outlet.
    OutletBoilerplate,
}

impl Reason {
    /// The snake_case label used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Navigation => "navigation",
            Reason::RelatedLinks => "related_links",
            Reason::SharePrompt => "share_prompt",
            Reason::Subscription => "subscription",
            Reason::DonationAppeal => "donation_appeal",
            Reason::EmbedPlaceholder => "embed_placeholder",
            Reason::Caption => "caption",
            Reason::Comments => "comments",
            Reason::Byline => "byline",
            Reason::Advertisement => "advertisement",
            Reason::Copyright => "copyright",
            Reason::Breadcrumb => "breadcrumb",
            Reason::CookieNotice => "cookie_notice",
            Reason::Tags => "tags",
            Reason::LoadMore => "load_more",
            Reason::Header => "header",
            Reason::Footer => "footer",
            Reason::Sidebar => "sidebar",
            Reason::Form => "form",
            Reason::NotConfirmed => "not_confirmed",
            Reason::OutsideArticle => "outside_article",
            Reason::OutletBoilerplate => "outlet_boilerplate",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A block of the page left out of the body, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// The block's text, whitespace-normalised.
    pub text: String,
    /// Why it was left out.
    pub reason: Reason,
}
