use super::*;
use std::collections::BTreeSet;

use crate::model::ArticleId;
use crate::report::{ClaimStatus, Fact};
use crate::testutil::seed;

/// The three seeds as one analysis.
fn seeds() -> Option<Report> {
    let names = [
        "000_dd91db12d2c4c90d.txt",
        "003_623325d71c16a6fc.txt",
        "004_474c5a378a245884.txt",
    ];
    let articles: Vec<Article> = names
        .iter()
        .map(|n| {
            seed(n).map(|text| Article {
                id: ArticleId(n[..3].to_string()),
                // Outlets named like the files, so the tests read as before.
                outlet: Some(n[..3].to_string()),
                text,
                ..Article::default()
            })
        })
        .collect::<Option<_>>()?;
    Some(assemble(
        &annotate_all(articles),
        &AnalyzeOptions::default(),
    ))
}

#[test]
fn seed_claims_align_and_outlets_compare() {
    let Some(report) = seeds() else { return };
    assert_eq!(report.stories.len(), 1);
    let story = &report.stories[0];
    let claim = |text: &str, article: &str| {
        story
            .claims
            .iter()
            .position(|c| c.text == text && c.sources[0].article == article)
            .unwrap_or_else(|| panic!("no claim {text:?} in {article}"))
    };
    // ITV's "20 aid workers" (dead) and The Sun's "killed 20" are one figure.
    let itv20 = claim("20 aid workers", "000");
    let sun20 = claim("20", "003");
    let group = story
        .claim_groups
        .iter()
        .find(|g| g.claims.contains(&itv20))
        .expect("grouped");
    assert!(group.claims.contains(&sun20), "{group:?}");
    assert_eq!(group.status, ClaimStatus::Agree);
    assert_eq!(story.claims[sun20].window.as_deref(), Some("last week"));
    // Windows and attribution.
    let strikes = &story.claims[claim("150 airstrikes", "003")];
    assert_eq!(strikes.window.as_deref(), Some("72 hours"));
    let dead = &story.claims[claim("213 civilians", "003")];
    assert_eq!(
        dead.attributed_to.as_deref(),
        Some("Syrian Observatory for Human Rights")
    );
    assert_eq!(
        dead.window.as_deref(),
        Some("since the ceasefire collapsed")
    );
    assert_eq!(dead.event.as_deref(), Some("killed"));
    // The convoy's one dead civilian is not the city's 213: no made-up conflict.
    let one = claim("one civilian", "000");
    let g213 = claim("213 civilians", "003");
    assert!(story
        .claim_groups
        .iter()
        .all(|g| !(g.claims.contains(&one) && g.claims.contains(&g213))));
    // "dozens" is vague: no value, a range, flagged.
    let dozens = &story.claims[claim("dozens of people", "003")];
    assert!(dozens.value.is_none() && dozens.approximate);
    // No idioms or pronoun "one".
    assert!(story
        .claims
        .iter()
        .all(|c| !c.text.contains("fingers") && c.text != "one thing"));
    // "72 hours" is a window, not a claim of its own.
    assert!(story.claims.iter().all(|c| c.text != "72 hours"));

    let outlet = |id: &str| {
        story
            .outlets
            .iter()
            .find(|o| o.outlet == id)
            .expect("outlet")
    };
    let has = |facts: &[Fact], words: &str| facts.iter().any(|f| f.text.contains(words));
    // LabourList alone carries the US-led coalition casualties.
    assert!(has(&outlet("004").unique_facts, "US-led coalition bombing"));
    // The Sun alone carries the 150 airstrikes, the 213 dead and the napalm accusation.
    let sun = outlet("003");
    assert!(has(&sun.unique_facts, "150 airstrikes"));
    assert!(has(&sun.unique_facts, "213 civilians"));
    assert!(has(&sun.unique_facts, "dropping napalm"));
    // The 20 killed is shared by ITV and The Sun, so it is left out by LabourList only.
    assert!(!has(&sun.unique_facts, "killed 20"));
    let twenty_killed = outlet("004")
        .omitted_facts
        .iter()
        .find(|f| f.text.contains("20 aid workers") || f.text.contains("killed 20"))
        .expect("the 20 killed, left out");
    let carriers: BTreeSet<&str> = twenty_killed
        .sources
        .iter()
        .map(|s| s.article.as_str())
        .collect();
    assert_eq!(carriers, BTreeSet::from(["000", "003"]));
    // The Sun leaves out the "pariah nation" warning ITV and LabourList carry.
    assert!(has(&sun.omitted_facts, "pariah nation"));
    // Only The Sun quotes Johnson defining a war crime.
    let defined = story
        .quotes
        .iter()
        .find(|q| q.text.contains("A war crime is defined"))
        .expect("quote");
    assert_eq!(defined.speaker.as_deref(), Some("Boris Johnson"));
    assert!(defined.sources.iter().all(|s| s.article == "003"));
    // Whom each outlet quoted, and how often.
    assert!(sun
        .quoted_counts
        .iter()
        .any(|q| q.name == "Boris Johnson" && q.quotes >= 3));
    assert!(outlet("004")
        .quoted_counts
        .iter()
        .any(|q| q.name == "Jeremy Corbyn"));
    // Figures as facts: the Sun alone gives the 150 airstrikes; LabourList
    // leaves out the 20 killed that ITV and The Sun both give.
    let claim = |text: &str| {
        story
            .claims
            .iter()
            .position(|c| c.text == text)
            .expect("claim")
    };
    assert!(sun.unique_claims.contains(&claim("150 airstrikes")));
    assert!(sun.unique_claims.contains(&claim("213 civilians")));
    assert!(!sun.unique_claims.contains(&claim("20")));
    let twenty = claim("20 aid workers");
    assert_eq!(
        story.claims[twenty].incident.as_deref(),
        Some("attack near Aleppo")
    );
    let left_out = &outlet("004").omitted_claims;
    assert_eq!(left_out.len(), 1);
    assert!(story
        .claim_groups
        .iter()
        .any(|g| g.claims.contains(&left_out[0]) && g.claims.contains(&twenty)));
    assert!(outlet("000").omitted_claims.is_empty());
    // A fact lists the figures and quotes it carries.
    let strikes = sun
        .unique_facts
        .iter()
        .find(|f| f.text.contains("150 airstrikes"))
        .expect("fact");
    assert_eq!(strikes.claims, [claim("150 airstrikes")]);
    let coalition = outlet("004")
        .unique_facts
        .iter()
        .find(|f| f.text.contains("US-led coalition bombing"))
        .expect("fact");
    assert!(coalition
        .quotes
        .iter()
        .all(|&q| outlet("004").unique_quotes.contains(&q)));
    assert!(!coalition.quotes.is_empty());
    // The table: the shared 20 killed sits higher in The Sun than in ITV.
    let table = &story.fact_table;
    assert_eq!(table.outlets, ["000", "003", "004"]);
    let row = table
        .rows
        .iter()
        .find(|r| r.text == twenty_killed.text)
        .expect("row");
    let (itv, sun, ll) = (
        row.cells[0].expect("ITV"),
        row.cells[1].expect("Sun"),
        row.cells[2],
    );
    assert!(sun.fraction < itv.fraction && ll.is_none());
}

/// Two texts as one story: the status and size of the claim group of the
/// first claim whose text contains each of `figures`.
fn claim_groups_of(texts: [&str; 2], figures: &[&str]) -> Vec<Option<(ClaimStatus, usize)>> {
    let annotated: Vec<Annotated> = texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let article = Article {
                id: ArticleId(format!("a{n}")),
                text: text.to_string(),
                ..Article::default()
            };
            let doc = clean(&article.text);
            annotate(article, doc)
        })
        .collect();
    let report = assemble(&annotated, &AnalyzeOptions::default());
    let story = &report.stories[0];
    figures
        .iter()
        .map(|figure| {
            let i = story
                .claims
                .iter()
                .position(|c| c.text.contains(figure))
                .expect("claim");
            story
                .claim_groups
                .iter()
                .find(|g| g.claims.contains(&i))
                .map(|g| (g.status, g.claims.len()))
        })
        .collect()
}

#[test]
fn refinement_and_different_window() {
    let got = claim_groups_of(
        [
            "Government airstrikes on the rebel-held market in Idlib killed dozens of people, rescue workers said.\n\nShelling of the Idlib market hit 40 shops last week, the traders' union said.",
            "Rescue workers said 213 people were killed by government airstrikes on the rebel-held market in Idlib.\n\nShelling of the Idlib market hit 15 shops yesterday, the traders' union said.",
        ],
        &["dozens of people", "40 shops"],
    );
    assert_eq!(
        got,
        [
            Some((ClaimStatus::Refinement, 2)),
            Some((ClaimStatus::DifferentWindow, 2))
        ]
    );
}

#[test]
fn sums_for_different_items_do_not_align() {
    let got = claim_groups_of(
        [
            "Governor Scott unveiled his school safety plan in Tallahassee on Friday.\n\nA former student fatally shot 17 people at the high school in Parkland. The plan calls for the allocation of hundreds of millions of dollars for school safety, Governor Scott said.",
            "Governor Scott unveiled his school safety plan in Tallahassee on Friday.\n\nThe gunman killed 17 people at the high school in Parkland. To pay for the school safety plan, Governor Scott is considering abandoning more than $180 million in planned tax cuts.",
        ],
        &["$180 million", "hundreds of millions", "17 people"],
    );
    // "fatally shot" counts the dead, as "killed" does.
    assert_eq!(
        got,
        [
            Some((ClaimStatus::Single, 1)),
            Some((ClaimStatus::Single, 1)),
            Some((ClaimStatus::Agree, 2))
        ]
    );
}
