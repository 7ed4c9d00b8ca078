"""The Spark job in local mode gives `newsweave analyze`'s stories and quotes.

Input: the bundled corpus (HTML, text, JSONL), the seed articles when
../shared is there, and a WARC file of the bundled live-blog page, so every
reader runs. Needs Java, pyspark and the package; the CLI is
``$NEWSWEAVE_BIN`` (default target/debug/newsweave).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(HERE), str(REPO / "scripts")]
import make_warc  # noqa: E402
import newsweave_job  # noqa: E402

import pyspark  # noqa: E402,F401  (CI installs it: a missing Spark fails, not skips)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "examples" / "corpus", root / "a-corpus")
    seeds = REPO.parent / "shared" / "seeds"
    if seeds.is_dir():
        shutil.copytree(seeds, root / "b-seeds")
    page = REPO / "examples" / "pages" / "itv-liveblog.html"
    records = make_warc.crawl_records([("itv", "https://www.itv.com/news/live", page.read_bytes())])
    make_warc.write(root / "c-crawl.warc.gz", records)
    return root


def analyze_cli(path: Path) -> dict:
    binary = os.environ.get("NEWSWEAVE_BIN", str(REPO / "target" / "debug" / "newsweave"))
    done = subprocess.run([binary, "analyze", "--format", "json", "-q", str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_spark_job_equals_newsweave_analyze(corpus: Path, tmp_path: Path) -> None:
    want = analyze_cli(corpus)
    spark = newsweave_job.session("local[2]")
    try:
        got = newsweave_job.run(spark, [str(corpus)], tmp_path / "out")
    finally:
        spark.stop()
    assert got["articles"] == len(want["articles"]) >= 7
    # The same stories (ids and members) ...
    want_stories = {s["id"]: s for s in want["stories"]}
    got_stories = {s["id"]: s for s in got["reports"]}
    assert {k: v["articles"] for k, v in got_stories.items()} == {
        k: v["articles"] for k, v in want_stories.items()}
    assert len(want_stories) >= 3
    # ... with the same quotes, claims and summaries.
    for story_id, w in want_stories.items():
        g = got_stories[story_id]
        assert g["quotes"] == w["quotes"], story_id
        assert g["claims"] == w["claims"], story_id
        assert g["summary"] == w["summary"], story_id
    assert sum(len(s["quotes"]) for s in want["stories"]) > 5
    # Skipped WARC records are reported as the CLI reports them.
    assert sorted(s["reason"] for s in got["skipped"]) == sorted(
        s["reason"] for s in want["skipped"])
    # The Parquet tables hold every article and quote.
    import pyarrow.parquet as pq

    articles = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert sorted(a["id"] for a in articles) == sorted(a["id"] for a in want["articles"])
    quotes = pq.read_table(tmp_path / "out" / "quotes")
    assert quotes.num_rows == sum(len(s["quotes"]) for s in want["stories"])
    reports = [json.loads(line) for f in sorted((tmp_path / "out" / "reports").glob("part-*"))
               for line in f.read_text().splitlines()]
    assert sorted(r["id"] for r in reports) == sorted(want_stories)
