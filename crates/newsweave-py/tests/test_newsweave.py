"""Tests of the Python package against real answers and the CLI's output.

The CLI binary is ``$NEWSWEAVE_BIN`` (default ``target/debug/newsweave``);
the seeds are ``../shared/seeds`` beside the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newsweave

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"
PAGE = REPO / "examples" / "pages" / "itv-liveblog.html"
CORPUS = REPO / "examples" / "corpus"
sys.path.insert(0, str(REPO / "scripts"))
import make_warc  # noqa: E402


def cli(*args: str, stdin: str | None = None) -> str:
    binary = os.environ.get("NEWSWEAVE_BIN", str(REPO / "target" / "debug" / "newsweave"))
    done = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, check=True)
    return done.stdout


def corpus_articles() -> list[newsweave.Article]:
    articles = []
    for path in sorted(CORPUS.iterdir()):
        found, skipped = newsweave.read_file(str(path))
        assert not skipped, skipped
        articles.extend(found)
    return articles


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_seeds_are_one_story_with_boris_johnsons_quotes() -> None:
    articles = [{"id": p.stem, "text": p.read_text()} for p in sorted(SEEDS.glob("*.txt"))]
    assert len(articles) == 3
    report = newsweave.analyze(articles)
    assert len(report.stories) == 1
    story = report.stories[0]
    assert sorted(story.articles) == sorted(a["id"] for a in articles)
    johnson = [q for q in story.quotes if q["speaker"] == "Boris Johnson"]
    assert len(johnson) >= 3, [q["speaker"] for q in story.quotes]
    assert any("demonstrations outside the Russian embassy" in q["text"] for q in johnson)
    # The report is the CLI's JSON contract.
    again = json.loads(report.to_json())
    assert again["stories"][0]["id"] == story.id


def test_extract_equals_the_cli() -> None:
    want = json.loads(cli("extract", str(PAGE)))
    got = newsweave.extract(PAGE.read_bytes())
    assert got.text == want["text"] and len(got.text) > 1000
    for key in ("title", "author", "date", "outlet", "url", "language", "entries"):
        assert getattr(got, key) == want.get(key, [] if key == "entries" else None), key
    assert len(got.entries) >= 3  # a live blog


def test_explain_lists_removed_blocks_with_reasons() -> None:
    page = newsweave.extract(PAGE.read_text(), explain=True)
    assert page.removed and all(r["reason"] for r in page.removed)
    assert not any(r["text"] in page.text for r in page.removed if len(r["text"]) > 40)


def test_extract_many_equals_extract_and_keeps_order() -> None:
    pages = [(p.read_bytes(), None) for p in sorted(CORPUS.glob("*.html"))]
    batch = newsweave.extract_many(pages)
    single = [newsweave.extract(html) for html, _ in pages]
    assert [a.text for a in batch] == [a.text for a in single]
    assert newsweave.extract_many(["", pages[0][0]], errors="none")[0] is None


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(newsweave.NewsweaveError, match="could not extract"):
        newsweave.extract("")
    with pytest.raises(newsweave.NewsweaveError, match=r"page 1: .*could not extract"):
        newsweave.extract_many(["<p>" + "word " * 50 + "</p>", ""])
    with pytest.raises(newsweave.NewsweaveError, match=r"article 1: missing field `id`"):
        newsweave.analyze([{"id": "a", "text": "Fine."}, {"text": "no id"}])
    with pytest.raises(newsweave.NewsweaveError, match="no such file|cannot open"):
        newsweave.read_warc("/nonexistent.warc.gz")
    report = newsweave.analyze([{"id": "a", "text": "Fine."}, {"text": "x"}], skip_errors=True)
    assert [s["line"] for s in report.skipped] == [2]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_quotes_equal_the_cli() -> None:
    text = (SEEDS / "003_623325d71c16a6fc.txt").read_text()
    want = json.loads(cli("quotes", stdin=json.dumps({"id": "x", "text": text})))["quotes"]
    got = newsweave.quotes(text)
    assert len(got) == len(want) > 3
    for g, w in zip(got, want):
        assert (g.start, g.end, g.speaker, g.kind, g.cue) == (
            w["start"], w["end"], w["speaker"], w["kind"], w["cue"])
        assert text[g.start:g.end] == g.quote
    assert newsweave.quotes_many([text, text]) == [got, got]


def test_claims_point_at_their_numbers() -> None:
    text = "At least 20 aid workers were killed in the attack, the UN said."
    found = newsweave.claims(text)
    assert [(c.value, c.unit, c.text) for c in found][:1] == [(20.0, "aid workers", text[found[0].start:found[0].end])]
    assert found[0].attributed_to == "UN" and found[0].approximate


def test_summarize_stays_within_its_budget() -> None:
    docs = [p.read_text() for p in sorted(CORPUS.glob("*flood*.txt"))]
    docs += [newsweave.extract(p.read_bytes()).text for p in sorted(CORPUS.glob("*flood*.html"))]
    summary = newsweave.summarize(docs, words=40)
    assert 0 < len(summary.summary.split()) <= 40
    for s in summary.sentences:
        assert s.doc in s.support and docs[s.doc][s.start:s.end]


def test_clusterer_equals_newsweave_cluster() -> None:
    articles = corpus_articles()
    stream = "".join(json.dumps({"id": a.id, "text": a.text, "title": a.title,
                                 "date": a.date, "outlet": a.outlet}) + "\n" for a in articles)
    want = [json.loads(line)["story"] for line in cli("cluster", stdin=stream).splitlines()]
    clusterer = newsweave.Clusterer()
    on_arrival = clusterer.add_many(articles)
    final = clusterer.finish()
    assert final == want
    assert on_arrival == want  # no merges under the default parameters
    assert len(set(final)) == 2  # the corpus holds two stories
    records = newsweave.Clusterer()
    for line in stream.splitlines():
        records.add(json.loads(line))
    assert records.finish() == want


def test_analyze_of_read_files_equals_the_cli() -> None:
    want = json.loads(cli("analyze", "--format", "json", str(CORPUS)))
    got = newsweave.analyze(corpus_articles())
    assert [s.articles for s in got.stories] == [s["articles"] for s in want["stories"]]
    assert [s.quotes for s in got.stories] == [s["quotes"] for s in want["stories"]]
    assert [s.claims for s in got.stories] == [s["claims"] for s in want["stories"]]


def test_read_warc_streams_pages_and_survives_a_truncated_record(tmp_path: Path) -> None:
    pages = [(p.stem, f"https://example.com/{p.name}", p.read_bytes())
             for p in [PAGE, *sorted(CORPUS.glob("*.html"))]]
    records = make_warc.crawl_records(pages)
    good = tmp_path / "crawl.warc.gz"
    make_warc.write(good, records)
    warc = newsweave.read_warc(str(good))
    articles = list(warc)
    assert [a.id for a in articles] == [make_warc.response_id(p[0]) for p in pages]
    assert [a.text for a in articles] == [newsweave.extract(p[2], p[1]).text for p in pages]
    assert warc.skipped == {"not a response record (request)": 4,
                            "not a response record (warcinfo)": 1}
    assert articles[1].date is not None and articles[0].url == pages[0][1]
    # The CLI reads the same file to the same articles.
    cli_lines = [json.loads(line) for line in cli("extract", str(good)).splitlines()]
    assert [c["text"] for c in cli_lines] == [a.text for a in articles]

    cut = tmp_path / "cut.warc.gz"
    members = [__import__("gzip").compress(r) for r in records]
    members[4] = members[4][: len(members[4]) // 2]  # the second response, cut
    cut.write_bytes(b"".join(members))
    warc = newsweave.read_warc(str(cut))
    ids = [a.id for a in warc]
    assert ids == [make_warc.response_id(p[0]) for i, p in enumerate(pages) if i != 1]
    assert len(warc.errors) == 1 and warc.errors[0].startswith("record 5 at byte"), warc.errors


def test_work_runs_without_the_gil() -> None:
    """Python code runs in another thread while Rust extracts."""
    pages = [PAGE.read_bytes()] * 16
    span: list[float] = []

    def work() -> None:
        span.append(time.perf_counter())
        newsweave.extract_many(pages)
        span.append(time.perf_counter())

    thread = threading.Thread(target=work)
    ticks: list[float] = []
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    thread.join()
    inside = [t for t in ticks if span[0] < t < span[1]]
    assert len(inside) >= 10, (len(inside), span[1] - span[0])
