//! Which blocks of a candidate body are article text: general boilerplate
//! rules on a block's text and its neighbours, and word n-gram overlap.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::blocks::{Block, Kind};
use super::Reason;

/// Words as the extraction benchmark counts them: runs of alphanumerics
/// and `_` (Python's `\w+`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Word n-grams of a text, lower-cased, for overlap checks.
pub(crate) struct Shingles {
    grams: HashSet<String>,
    words: HashSet<String>,
    joined: String,
}

/// Shingle width for overlap checks.
const N: usize = 3;

impl Shingles {
    pub fn new(text: &str) -> Self {
        let ws: Vec<String> = words(text).map(str::to_lowercase).collect();
        let grams = ws.windows(N).map(|w| w.join(" ")).collect();
        let joined = format!(" {} ", ws.join(" "));
        Shingles {
            grams,
            words: ws.into_iter().collect(),
            joined,
        }
    }

    /// Share of `text` that the other text also has, 0 to 1: n-grams for
    /// long texts, the whole word sequence for short ones.
    pub fn coverage(&self, text: &str) -> f64 {
        let ws: Vec<String> = words(text).map(str::to_lowercase).collect();
        if ws.is_empty() {
            return 1.0;
        }
        if ws.len() < N {
            let needle = format!(" {} ", ws.join(" "));
            return if self.joined.contains(&needle) {
                1.0
            } else {
                ws.iter().filter(|w| self.words.contains(*w)).count() as f64 / ws.len() as f64 * 0.5
            };
        }
        let grams: Vec<String> = ws.windows(N).map(|w| w.join(" ")).collect();
        grams.iter().filter(|g| self.grams.contains(*g)).count() as f64 / grams.len() as f64
    }
}

/// A short block that is mostly link text: a teaser of another page.
pub(crate) fn is_link_block(b: &Block) -> bool {
    b.link_density() >= 0.6 && words(&b.text).count() < 30
}

/// Why each block is boilerplate, or `None` for article text.
pub(crate) fn judge(blocks: &[Block]) -> Vec<Option<Reason>> {
    let link: Vec<bool> = blocks.iter().map(is_link_block).collect();
    let prompt: Vec<Option<Reason>> = blocks.iter().map(prompt_reason).collect();
    let n = blocks.len();
    (0..n)
        .map(|i| {
            // A link next to another link, or under a "Related" heading, is
            // part of a list of other stories. A lone link inside the text
            // may be the article's own ("Get it on Amazon for $39").
            let in_run = link[i]
                && ((i > 0 && (link[i - 1] || prompt[i - 1].is_some()))
                    || (i + 1 < n && link[i + 1]));
            prompt[i]
                .or_else(|| boilerplate_reason(&blocks[i]))
                .or(in_run.then_some(Reason::RelatedLinks))
        })
        .collect()
}

/// The reason of a short prompt or label block ("Related:", "Advertisement").
pub(crate) fn prompt_reason(b: &Block) -> Option<Reason> {
    if words(&b.text).count() >= 40 {
        return None;
    }
    PROMPTS
        .iter()
        .find(|(_, re)| re.is_match(&b.text))
        .map(|(r, _)| *r)
}

/// Why a block is boilerplate whatever its neighbours.
pub(crate) fn boilerplate_reason(b: &Block) -> Option<Reason> {
    let n_words = words(&b.text).count();
    if b.kind == Kind::Caption {
        return Some(Reason::Caption);
    }
    if n_words < 40 {
        if let Some((r, _)) = PROMOS.iter().find(|(_, re)| re.is_match(&b.text)) {
            return Some(*r);
        }
    }
    if (n_words < 25 && DATELINE.is_match(&b.text)) || (n_words < 6 && TIMESTAMP.is_match(&b.text))
    {
        return Some(Reason::Byline);
    }
    if n_words < 15 && b.link_density() >= 0.9 && is_upper(&b.text) {
        return Some(Reason::Navigation);
    }
    if n_words < 10 && CRUMB.is_match(&b.text) {
        return Some(Reason::Breadcrumb);
    }
    None
}

fn prompt(re: &str) -> regex::Regex {
    regex::Regex::new(&format!(r"(?ix)^\W*({re})")).expect("static regex")
}

/// Lead-ins of prompts and labels: "Related:", "Advertisement", "©". The
/// interface words are given in English, German, French, Spanish, Italian,
/// Polish and Portuguese (in that order within each group).
static PROMPTS: LazyLock<Vec<(Reason, regex::Regex)>> = LazyLock::new(|| {
    vec![
        (
            Reason::RelatedLinks,
            prompt(
                r"(related|also|see\ more|see\ also|read\ more|more|watch|listen|recommended|latest)\s*:
                | (related|more)\ (stories|articles|coverage|content|news|videos|links|reading)\b
                | you\ (may|might)\ also\ (like|enjoy)
                | don'?t\ miss | must\ read | most\ (popular|read)
                | lesen\ sie\ auch | mehr\ zum\ thema | (à\ )?lire\ aussi | lee\ también
                | leggi\ anche | czytaj\ (też|także|również|więcej) | leia\ também | veja\ também",
            ),
        ),
        (
            Reason::Advertisement,
            prompt(r"advert(isement)?\W*$ | sponsored\W*$"),
        ),
        (
            Reason::EmbedPlaceholder,
            prompt(
                r"this\ slideshow\ requires\ javascript
                | enlarge\ (this\ )?image | (\d+\ of\ \d+)\W*$ | image\ \d+\ of\ \d+",
            ),
        ),
        (
            Reason::Subscription,
            prompt(
                r"(subscribe|sign\ up)\ (to|for)\b
                | thanks?\ (you\ )?for\ (signing\ up|subscribing)
                | (jetzt\ )?(newsletter\ )?abonnieren\b | danke\ für\ (ihre|deine)\ anmeldung
                | abonnez-vous | inscrivez-vous | merci\ (pour\ votre|de\ votre)\ inscription
                | suscríbete | gracias\ por\ (suscribirte|registrarte)
                | iscriviti | grazie\ per\ (l'iscrizione|esserti\ iscritt)
                | zapisz\ się | zaprenumeruj | dziękujemy\ za\ (zapisanie|subskrypcję)
                | assine | inscreva-se | obrigad[oa]\ por\ (se\ inscrever|assinar)",
            ),
        ),
        (
            Reason::Form,
            prompt(
                r"oops!?\ something\ went\ wrong | hoppla | etwas\ ist\ schief\ ?gelaufen
                | oups | une\ erreur\ (s'est\ produite|est\ survenue) | algo\ (salió|ha\ salido)\ mal
                | qualcosa\ è\ andato\ storto | coś\ poszło\ nie\ tak | algo\ deu\ errado",
            ),
        ),
        (
            Reason::SharePrompt,
            prompt(
                r"(print|share|drucken|teilen|imprimer|partager|imprimir|compartir|stampa|condividi
                  |drukuj|udostępnij|compartilhe|compartilhar|partilhar)\W*$
                | rate\ this\ (article|page) | was\ this\ (article|page)\ (helpful|useful)
                | (artikel|beitrag)\ bewerten | (war|ist)\ (der|dieser)\ (artikel|beitrag)\ (hilfreich|nützlich)
                | (cet\ article\ vous\ a-t-il\ été\ utile) | notez\ cet\ article
                | ¿?(te\ ha\ resultado|fue|ha\ sido)\ útil | valora\ este\ artículo
                | questo\ articolo\ (ti\ )?è\ stato\ utile | valuta\ (questo\ )?articolo
                | czy\ (ten\ )?artykuł\ był\ (pomocny|przydatny) | oceń\ (ten\ )?artykuł
                | (este\ artigo|esta\ matéria)\ foi\ útil | avalie\ (este\ artigo|esta\ matéria)",
            ),
        ),
        (
            Reason::SharePrompt,
            prompt(
                r"follow\ (us|\S+)\ on\ (twitter|facebook|instagram)
                | share\ (this|on)\b | click\ (here|to)\b",
            ),
        ),
        (Reason::Copyright, prompt(r"©|copyright\b|\(c\)\ \d{4}")),
        (
            Reason::Caption,
            prompt(
                r"(photo|image|picture|credit|credits|source|foto|bild|quelle|fotos?|source
                  |fuente|imagen|fonte|immagine|źródło|fot\.|zdjęcie|imagem)\s*:",
            ),
        ),
        (Reason::Byline, prompt(r"\d+\ min(ute)?s?\ read\W*$")),
        (
            Reason::DonationAppeal,
            prompt(
                r"(please\ )?(donate|make\ a\ (donation|contribution))\b
                | support\ (our|independent|quality)\ (journalism|reporting)
                | (become|join\ us\ as)\ a\ (member|supporter|patron)\b",
            ),
        ),
        (
            Reason::EmbedPlaceholder,
            prompt(
                r"sorry,?\ this\ content\ (is\ not|isn'?t)\ available
                | this\ (content|video|embed|media)\ (is\ not|isn'?t)\ available
                | (please\ )?enable\ javascript\ to\ (view|see|watch)
                | view\ this\ post\ on\ (instagram|twitter|x|facebook)
                | your\ browser\ does\ not\ support",
            ),
        ),
        (
            Reason::LoadMore,
            prompt(r"(load|show|see)\ (more|older|newer)(\ (updates|posts|entries|stories))?\W*$"),
        ),
        (
            Reason::Comments,
            prompt(
                r"\d+\ comments?\W*$ | (leave|post|add)\ a\ comment\b | join\ the\ (conversation|discussion)\b
                | comments\ (are\ )?(closed|disabled)\b",
            ),
        ),
        (
            Reason::CookieNotice,
            prompt(r"(we|this\ (site|website))\ uses?\ cookies\b"),
        ),
        (
            Reason::Header,
            prompt(r"live(\ (updates|blog|coverage|reporting|now))?\W*$"),
        ),
        (
            Reason::Tags,
            prompt(r"filed\ under\b | posted\ in\b | (tags|tagged|categories|category)\s*:"),
        ),
    ]
});

/// Newsletter, subscription, contact and copyright prompts anywhere in a
/// short block.
static PROMOS: LazyLock<Vec<(Reason, regex::Regex)>> = LazyLock::new(|| {
    let re = |s: &str| regex::Regex::new(&format!("(?ix){s}")).expect("static regex");
    vec![
        (
            Reason::Subscription,
            re(r"\bnewsletters?\b | \binbox\b | ^\W*subscribe\b | successfully\ subscribed"),
        ),
        (
            Reason::SharePrompt,
            re(r"\bfollow\ (us|him|her|them|me)\ on\b | ^\W*have\ a\ (news\ )?tip\b"),
        ),
        (
            Reason::Copyright,
            re(r"\bsubject\ to\ copyright\b | \ball\ rights\ reserved\b"),
        ),
    ]
});

/// Bylines and time stamps that sit apart from the text.
static DATELINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^\W*(by|posted|published|updated|last\ updated)\b.*(
            \b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\ \d
          | \b\d{1,2}:\d{2}\b | \b(19|20)\d{2}\b | \b\d+\ (minutes?|hours?|days?)\ ago\b
        )",
    )
    .expect("static regex")
});

/// True when `text` is a time stamp on its own (`5:52pm`, `10 minutes ago`).
pub(crate) fn is_time(text: &str) -> bool {
    words(text).count() < 6 && TIMESTAMP.is_match(text)
}

/// A time stamp on its own: `5:52pm`, `Updated 10:31 BST`, `12 minutes ago`.
static TIMESTAMP: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^\W*((updated|posted|published)\W+)?(
            \d{1,2}:\d{2}\s*([ap]\.?m\.?)?(\s*[a-z]{2,4})? | \d{1,2}\.\d{2}\s*[ap]\.?m\.?
          | \d+\ (seconds?|minutes?|mins?|hours?|hrs?|days?)\ ago
        )\W*$",
    )
    .expect("static regex")
});

/// Breadcrumb trails: `News > Nation`.
static CRUMB: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^[^<>»]+(\s[>»]\s[^<>»]+)+$").expect("static regex"));

/// True when the letters of `text` are (nearly) all capitals.
fn is_upper(text: &str) -> bool {
    let (mut up, mut low) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    up >= 4 && low * 10 <= up
}
