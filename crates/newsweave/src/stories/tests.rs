use super::*;
use std::path::PathBuf;

fn article(id: &str, text: &str, date: Option<&str>) -> Article {
    Article {
        id: ArticleId(id.into()),
        text: text.into(),
        date: date.map(str::to_string),
        ..Article::default()
    }
}

/// The seed articles (three outlets on one story), or `None` with a message
/// when shared/ is absent.
#[allow(clippy::print_stderr)]
fn seeds() -> Option<Vec<Article>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds/");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => {
            eprintln!("skipped: no seed articles at {}", dir.display());
            return None;
        }
    };
    paths.sort();
    let articles: Vec<Article> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("seed is UTF-8");
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            article(&id, &text, None)
        })
        .collect();
    assert_eq!(
        articles.len(),
        3,
        "expected three seed articles in {}",
        dir.display()
    );
    Some(articles)
}

const FOOTBALL: &str = "Rovers 3 United 1: Hat-trick hero Okafor sinks United\n\n\
    Striker Daniel Okafor scored a hat-trick as Rovers came from behind to beat United 3-1 \
    at Ewood Park on Saturday afternoon. United had taken the lead through a Marco Silva \
    header after twelve minutes, but Okafor equalised before half-time with a low shot into \
    the bottom corner. After the break the home side dominated possession. Okafor headed in a \
    corner on the hour and completed his hat-trick with a penalty in stoppage time after the \
    goalkeeper brought down the winger. The win lifts Rovers to fourth in the table, while \
    United's manager admitted his defence had been second best all afternoon.";

const RECIPE: &str = "Lemon drizzle cake\n\n\
    Heat the oven to 180C. Beat 225g softened butter with 225g caster sugar until pale and \
    fluffy, then add four eggs one at a time. Fold in 225g self-raising flour and the finely \
    grated zest of one lemon. Pour the batter into a lined loaf tin and bake for 45 to 50 \
    minutes, until a skewer comes out clean. Meanwhile mix the juice of one and a half lemons \
    with 85g icing sugar. Prick the warm cake all over with a fork and pour the drizzle over \
    it, letting the syrup soak in before the cake cools in the tin.";

#[test]
fn seeds_form_one_story_and_unrelated_articles_stay_apart() {
    let Some(seeds) = seeds() else { return };
    let mut clusterer = StoryClusterer::new();
    let football = article("football", FOOTBALL, None);
    let recipe = article("recipe", RECIPE, None);
    // Interleave so that the seeds do not simply arrive together.
    let stream = [&seeds[0], &football, &seeds[1], &recipe, &seeds[2]];
    let assignments: Vec<Assignment> = stream.iter().map(|a| clusterer.add(a)).collect();

    assert!(assignments[0].new_story);
    for seed in [&assignments[2], &assignments[4]] {
        assert!(!seed.new_story, "seed started a story: {seed:?}");
        assert_eq!(seed.story, assignments[0].story);
        assert!(seed.similarity >= clusterer.config().threshold);
        // The reasons name what the articles share.
        assert!(
            seed.reasons
                .iter()
                .any(|r| ["Johnson", "Russia", "Syria", "Russian", "Syrian"].contains(&r.as_str())),
            "reasons {:?}",
            seed.reasons
        );
    }
    assert!(assignments[1].new_story && assignments[3].new_story);

    let result = clusterer.finish();
    let ids: Vec<&str> = result.iter().map(|(a, _)| a.0.as_str()).collect();
    let expected: Vec<&str> = stream.iter().map(|a| a.id.0.as_str()).collect();
    assert_eq!(ids, expected, "finish keeps input order");
    let story = |i: usize| result[i].1 .0.as_str();
    assert_eq!([story(0), story(2), story(4)], ["s0001"; 3]);
    assert_eq!(story(1), "s0002");
    assert_eq!(story(3), "s0003");
}

#[test]
fn same_stream_gives_same_result() {
    let mut stream: Vec<Article> = seeds().unwrap_or_default();
    stream.push(article("football", FOOTBALL, Some("2016-10-01")));
    stream.push(article("recipe", RECIPE, None));
    stream.push(article(
        "football-2",
        "Okafor's hat-trick lifts Rovers to fourth as United are beaten 3-1 at Ewood Park.",
        Some("2016-10-02"),
    ));
    stream.push(article("empty", "", None));
    let run = || {
        let mut clusterer = StoryClusterer::new();
        let assignments: Vec<Assignment> = stream.iter().map(|a| clusterer.add(a)).collect();
        (assignments, clusterer.finish())
    };
    let (first, second) = (run(), run());
    assert_eq!(first, second);
    let football = first.0.len() - 2;
    assert_eq!(first.0[football].story, first.0[football - 2].story);
    // An article without words starts a story of its own.
    assert!(first.0.last().unwrap().new_story);
}

const ETNA: &str = "Etna erupts again\n\n\
    Mount Etna in Sicily erupted on Monday night, sending lava fountains hundreds of metres \
    into the air and an ash cloud over Catania. The airport at Catania closed for several \
    hours and flights were diverted to Palermo. Volcanologists at the national institute said \
    the eruption came from the south-east crater, the most active of the volcano's summit \
    craters, and that lava flows were moving into the uninhabited Valle del Bove.";

const ETNA_LATER: &str = "Tourism in Sicily after Etna\n\n\
    Hotels around Catania say bookings have recovered, although the ash that fell on the \
    city still worries some visitors. Guides now take tourists up to the summit craters of \
    Etna, and the airport has added flights from northern Europe for the summer season.";

#[test]
fn weeks_later_a_weak_match_starts_a_new_story() {
    // Fixed here so that retuning the defaults does not change the test.
    let config = StoryConfig {
        threshold: 0.2,
        strong_threshold: 0.6,
        window_days: 3.0,
        ramp_days: 11.0,
        ..StoryConfig::default()
    };
    // Close in time, the follow-up joins the eruption story...
    let mut clusterer = StoryClusterer::with_config(config.clone());
    clusterer.add(&article("etna", ETNA, Some("2021-02-15")));
    let near = clusterer.add(&article("later", ETNA_LATER, Some("2021-02-17T09:00:00Z")));
    assert!(!near.new_story, "{near:?}");
    assert!(near.similarity < config.strong_threshold, "{near:?}");

    // ...but seven weeks later the same weak match starts a new story.
    let mut clusterer = StoryClusterer::with_config(config);
    clusterer.add(&article("etna", ETNA, Some("2021-02-15")));
    let far = clusterer.add(&article("later", ETNA_LATER, Some("2021-04-05")));
    assert!(far.new_story, "{far:?}");
    assert!((far.similarity - near.similarity).abs() < 1e-9);
    assert_eq!(far.story.0, "s0002");

    // A near copy weeks later still joins: its content is strongly the same.
    let copy = ETNA.replace("Monday night", "Monday evening");
    let again = clusterer.add(&article("copy", &copy, Some("2021-04-06")));
    assert!(!again.new_story && again.story.0 == "s0001", "{again:?}");
}

#[test]
fn needed_similarity_rises_with_the_gap() {
    let c = StoryConfig::default();
    assert_eq!(c.needed(None), c.threshold);
    assert_eq!(c.needed(Some(1.0)), c.threshold);
    let mid = c.needed(Some(c.window_days + c.ramp_days / 2.0));
    assert!(c.threshold < mid && mid < c.strong_threshold);
    assert_eq!(c.needed(Some(60.0)), c.strong_threshold);
}

#[test]
fn alike_stories_merge_and_finish_reports_the_merge() {
    // Joining needs a near copy here, merging only a good match.
    let config = StoryConfig {
        threshold: 0.95,
        merge_threshold: 0.15,
        ..StoryConfig::default()
    };
    let mut clusterer = StoryClusterer::with_config(config);
    let a = clusterer.add(&article("etna", ETNA, None));
    let b = clusterer.add(&article("later", ETNA_LATER, None));
    let c = clusterer.add(&article("football", FOOTBALL, None));
    assert!(a.new_story && b.new_story && c.new_story);
    assert_eq!(b.story.0, "s0002");
    assert!(b.similarity > 0.15 && c.similarity < 0.15, "{b:?} {c:?}");
    let result = clusterer.finish();
    let stories: Vec<&str> = result.iter().map(|(_, s)| s.0.as_str()).collect();
    assert_eq!(stories, ["s0001", "s0001", "s0003"]);
}

#[test]
fn live_stories_stay_bounded() {
    let config = StoryConfig {
        max_live_stories: 2,
        ..StoryConfig::default()
    };
    let mut clusterer = StoryClusterer::with_config(config);
    for (i, text) in [ETNA, FOOTBALL, RECIPE].iter().enumerate() {
        clusterer.add(&article(&i.to_string(), text, None));
        assert!(clusterer.live_stories() <= 2);
    }
    // The Etna story was retired, so a copy of it starts a new story.
    let again = clusterer.add(&article("copy", ETNA, None));
    assert!(again.new_story, "{again:?}");
    assert_eq!(clusterer.finish().len(), 4);
}

#[test]
fn stale_stories_retire_by_date() {
    let mut clusterer = StoryClusterer::new();
    clusterer.add(&article("etna", ETNA, Some("2021-02-15")));
    clusterer.add(&article("football", FOOTBALL, Some("2021-02-16")));
    assert_eq!(clusterer.live_stories(), 2);
    clusterer.add(&article("recipe", RECIPE, Some("2021-06-01")));
    assert_eq!(clusterer.live_stories(), 1);
}

#[test]
fn a_shared_passage_lowers_the_bar_for_its_one_story() {
    let quote = "\"We will not rest until every family in the valley has clean water again,\" \
        the governor told reporters at the reservoir.";
    let first = format!(
        "Water supply in Dunmore Valley cut after chemical spill at the Harlow plant. \
         Thousands of households were told to boil tap water. {quote} Engineers worked overnight."
    );
    let second = format!(
        "Residents queued for bottled water on Tuesday as schools closed and hospitals \
         brought in tankers. {quote} Shops ran out of supplies by noon."
    );
    let stream = [
        article("first", &first, None),
        article("other", FOOTBALL, None),
        article("second", &second, None),
    ];
    let run = |shared_shingles: usize| {
        let mut c = StoryClusterer::with_config(StoryConfig {
            threshold: 0.6,
            shared_shingles,
            ..StoryConfig::default()
        });
        stream.iter().map(|a| c.add(a)).collect::<Vec<_>>()
    };
    let without = run(0);
    assert!(without[2].new_story, "{:?}", without[2]);
    assert!(without[2].similarity >= 0.3, "{:?}", without[2]);
    let with = run(5);
    assert!(!with[2].new_story, "{:?}", with[2]);
    assert_eq!(with[2].story, with[0].story);
    assert!(
        with[2].reasons[0].ends_with("shared passages"),
        "{:?}",
        with[2].reasons
    );
    assert_eq!(with[2].needed, 0.3);
}

#[test]
fn retired_stories_leave_the_shingle_index() {
    let mut c = StoryClusterer::with_config(StoryConfig {
        max_live_stories: 2,
        ..StoryConfig::default()
    });
    c.add(&article("a", FOOTBALL, None));
    c.add(&article("b", RECIPE, None));
    let indexed = c.live.shingles_indexed();
    assert!(indexed > 100, "{indexed}");
    c.add(&article(
        "c",
        "Parliament passed the budget bill late on Wednesday after a marathon debate \
         over pensions, fuel duty and the funding of rural bus routes.",
        None,
    ));
    // The football story was retired: its shingles went with it.
    assert_eq!(c.live_stories(), 2);
    assert!(c.live.shingles_indexed() < indexed);
}

/// A stream of `n` small undated articles, a few per story, with words of
/// their own (`w{story}x`) so that the vocabulary keeps growing.
fn synthetic(n: usize) -> Vec<Article> {
    (0..n)
        .map(|i| {
            let story = i / 3;
            let text = format!(
                "Officials in Harlow{story} said the Dunmore{story} inquiry into w{story}x \
                 and w{story}y would report on item{i}, after the chemical{story} spill \
                 closed the reservoir{story} plant."
            );
            article(&format!("a{i}"), &text, None)
        })
        .collect()
}

#[test]
fn settled_articles_come_out_as_finish_would_give_them() {
    let stream = synthetic(60);
    let all: Vec<(ArticleId, StoryId)> = {
        let mut c = StoryClusterer::new();
        stream.iter().for_each(|a| {
            c.add(a);
        });
        c.finish()
    };
    let mut c = StoryClusterer::new();
    let mut taken = Vec::new();
    for a in &stream {
        c.add(a);
        taken.extend(c.settled());
        // Without merging, every article is settled on arrival.
        assert_eq!(taken.len(), c.seq as usize);
    }
    assert!(c.finish().is_empty());
    assert_eq!(taken, all);
    // Three articles a story.
    assert_eq!(all[3].1 .0, "s0002");
    assert_eq!(all[5].1, all[3].1);
}

#[test]
fn under_merging_an_article_settles_when_its_story_retires() {
    let config = StoryConfig {
        threshold: 0.95,
        merge_threshold: 0.15,
        max_live_stories: 2,
        ..StoryConfig::default()
    };
    let mut c = StoryClusterer::with_config(config);
    c.add(&article("etna", ETNA, None));
    c.add(&article("later", ETNA_LATER, None));
    // Merged into s0001, which is live: nothing is final yet.
    assert_eq!(c.merges().len(), 1);
    assert_eq!(c.settled().count(), 0);
    c.add(&article("football", FOOTBALL, None));
    c.add(&article("recipe", RECIPE, None));
    // Two live stories at most: the Etna story retired.
    let taken: Vec<(String, String)> = c.settled().map(|(a, s)| (a.0, s.0)).collect();
    assert_eq!(
        taken,
        [
            ("etna".into(), "s0001".into()),
            ("later".into(), "s0001".into())
        ]
    );
    let rest = c.finish();
    assert_eq!(rest.len(), 2);
}

#[test]
fn articles_prepared_on_other_threads_cluster_the_same() {
    let stream = synthetic(30);
    let mut direct = StoryClusterer::new();
    let expected: Vec<StoryId> = stream.iter().map(|a| direct.add(a).story).collect();
    let config = StoryConfig::default();
    let prepared: Vec<Prepared> = std::thread::scope(|scope| {
        let halves: Vec<_> = stream
            .chunks(15)
            .map(|part| {
                let config = &config;
                scope.spawn(move || {
                    part.iter()
                        .map(|a| Prepared::new(a, config, false))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut c = StoryClusterer::new();
    let got: Vec<Assignment> = prepared.into_iter().map(|p| c.add_prepared(p)).collect();
    let stories: Vec<StoryId> = got.iter().map(|a| a.story.clone()).collect();
    assert_eq!(stories, expected);
    // Without the terms' forms there are no reasons to give.
    assert!(got.iter().all(|a| a.reasons.is_empty()));
}

#[test]
fn undated_stories_retire_after_enough_articles() {
    let mut c = StoryClusterer::with_config(StoryConfig {
        retire_after_articles: 6,
        ..StoryConfig::default()
    });
    for a in synthetic(30) {
        c.add(&a);
        // Three articles a story: at most three stories touched in the
        // last six articles, and the one just opened.
        assert!(c.live_stories() <= 4, "{}", c.live_stories());
    }
    c.live.check();
}

#[test]
fn the_vocabulary_stays_bounded() {
    let run = |halve_every: u64| {
        let mut c = StoryClusterer::with_config(StoryConfig {
            idf_halve_every: halve_every,
            retire_after_articles: 30,
            ..StoryConfig::default()
        });
        let mut most = 0;
        for a in synthetic(600) {
            c.add(&a);
            most = most.max(c.terms());
            c.settled().for_each(drop);
        }
        c.live.check();
        most
    };
    let unbounded = run(0);
    let bounded = run(50);
    // Each story brings a handful of words of its own.
    assert!(unbounded > 1000, "{unbounded}");
    assert!(bounded < unbounded / 3, "{bounded} vs {unbounded}");
}

#[test]
fn the_index_follows_the_centroids() {
    let mut c = StoryClusterer::with_config(StoryConfig {
        story_terms: 12,
        max_live_stories: 5,
        merge_threshold: 0.3,
        ..StoryConfig::default()
    });
    let mut stream = synthetic(40);
    stream.extend([ETNA, ETNA_LATER, FOOTBALL, RECIPE].map(|t| article("x", t, None)));
    for a in &stream {
        c.add(a);
        c.live.check();
    }
}

/// Twelve one-article stories with no word in common.
fn unrelated_stories() -> Vec<Article> {
    (0..12)
        .map(|k| {
            let text = format!(
                "Vantor{k} quell{k} plimb{k} drosk{k} harbour{k} zorb{k} fennel{k} \
                 marrow{k} tinsel{k} basalt{k} cobble{k} ember{k}."
            );
            article(&format!("u{k}"), &text, None)
        })
        .collect()
}

#[test]
fn a_clear_match_joins_below_the_threshold() {
    // Shares a third of its words with story 5 and none with the others.
    let weak = article(
        "weak",
        "Vantor5 quell5 plimb5 drosk5 orchard lantern meadow pylon thistle \
         gravel nettle saddle.",
        None,
    );
    // The same share, split between stories 5 and 6: no story stands out.
    let split = article(
        "split",
        "Vantor5 quell5 plimb6 drosk6 orchard lantern meadow pylon thistle \
         gravel nettle saddle.",
        None,
    );
    let run = |clear_margin: f64, last: &Article| {
        let config = StoryConfig {
            threshold: 0.6,
            clear_share: 0.4,
            clear_margin,
            ..StoryConfig::default()
        };
        let mut c = StoryClusterer::with_config(config);
        for a in unrelated_stories() {
            assert!(c.add(&a).new_story);
        }
        c.add(last)
    };
    let joined = run(2.5, &weak);
    assert!(!joined.new_story, "{joined:?}");
    assert_eq!(joined.story.0, "s0006");
    assert!(joined.similarity < 0.6 && joined.similarity >= joined.needed);
    assert!(joined.reasons[0].starts_with("clear match"), "{joined:?}");
    assert!(
        run(0.0, &weak).new_story,
        "off: the threshold alone decides"
    );
    let split = run(2.5, &split);
    assert!(split.new_story, "{split:?}");
    assert!(split.runner_up > 0.0);
}

#[test]
fn a_clear_match_weeks_later_starts_a_new_story() {
    let config = StoryConfig {
        threshold: 0.6,
        strong_threshold: 0.9,
        // Low enough that the weeks-later bar (0.9 × 0.25) would pass.
        clear_share: 0.25,
        ..StoryConfig::default()
    };
    let mut c = StoryClusterer::with_config(config);
    for mut a in unrelated_stories() {
        a.date = Some("2024-01-01".into());
        c.add(&a);
    }
    let weak = article(
        "weak",
        "Vantor5 quell5 plimb5 drosk5 orchard lantern meadow pylon thistle \
         gravel nettle saddle.",
        Some("2024-03-01"),
    );
    let late = c.add(&weak);
    assert!(late.new_story, "{late:?}");
}

#[test]
fn a_repeated_short_text_is_a_story_of_its_own() {
    let notice = "Starting in 1996, Alexa Internet has been donating their crawl data \
                  to the Internet Archive. Flowing in every day, these data are added \
                  to the Wayback Machine after an embargo period.";
    let mut c = StoryClusterer::new();
    let first = c.add(&article("n1", notice, None));
    let second = c.add(&article("n2", notice, None));
    assert!(first.new_story && second.new_story, "{second:?}");
    assert_ne!(first.story, second.story);
    // Off: the two copies are one story.
    let mut c = StoryClusterer::with_config(StoryConfig {
        repeat_stub_words: 0,
        ..StoryConfig::default()
    });
    let first = c.add(&article("n1", notice, None));
    assert_eq!(c.add(&article("n2", notice, None)).story, first.story);
}
