#!/usr/bin/env python3
"""newsweave on Spark: the analysis of ``newsweave analyze`` over a corpus
too large for one machine, with the same stories and reports.

    spark-submit examples/spark/newsweave_job.py --out OUT PATH...
    python3 examples/spark/newsweave_job.py --master 'local[2]' --out OUT PATH...

PATHs are files or directories of ``.warc``/``.warc.gz`` (CC-NEWS), ``.jsonl``,
``.html`` and ``.txt`` inputs, as ``newsweave analyze`` takes them.
Output in OUT: Parquet tables ``articles`` (with each article's story),
``quotes``, ``claims`` and ``stories``, and ``reports/``, one story report
(the JSON contract of ``newsweave analyze``'s ``stories[]``) a line.

How the work is split
---------------------
1. **Read** (one task per input file, like cc-pyspark's one partition per
   WARC): each task streams its file and extracts every page with the
   Python package, Rust work in parallel on the executor's cores. Each
   article gets a stream key ``(file number, record number)``: the order
   ``newsweave analyze`` reads them in (files in name order).
2. **Prepare** (per partition): each article's clustering terms, a few KB
   of postcard bytes (at most ``article_terms`` weighted terms plus its
   5-gram shingle hashes). Only these, not the texts, go to the driver.
3. **Assign** (driver, sequential): story assignment is online, each
   article's story depends on every article before it, so the driver
   streams the prepared terms in key order (``sortByKey`` then
   ``toLocalIterator``: one partition in memory at a time) through the
   same ``StoryClusterer`` as ``newsweave cluster``. This gives exactly the
   stories of ``newsweave cluster`` / ``analyze`` for that stream order.
   The clusterer's memory follows the live stories, not the stream: stories
   idle past ``retire_after_days`` are dropped and the vocabulary is
   periodically halved, so it stays at tens of MB however long the stream.
   What grows with the corpus is the table of ids and stories that the
   driver hands back: about 100-150 bytes an article in Python (a million
   articles: ~150 MB of driver memory, and the unique-id set, for the
   ``id-2`` renaming ``analyze`` does, about as much again); the stream of
   prepared terms itself crosses the network once (~2-5 KB an article).
   This step costs about 10-20 µs an article in Rust plus Py4J transfer, so
   one driver keeps up with tens of thousands of articles a second; past
   that, shard the stream by time window (stories rarely span windows far
   apart), which is where this design would change ``analyze``'s answer.
4. **Annotate** (grouped by outlet): cleaning drops blocks an outlet
   repeats across its articles, so an outlet's articles go to one task, in
   stream order; actors, quotes and claims are found there in parallel.
   One outlet's articles must fit in one task's memory.
5. **Report** (grouped by story): each story's summary, merged actors and
   quotes, claim alignment and outlet comparison, one task per group of
   stories; only the annotated articles of that story travel there.

Needs ``pip install pyspark pyarrow`` and the package
(``pip install ./crates/newsweave-py``); Java 17 for Spark.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import newsweave

#: Kinds of file newsweave reads, by extension (after a final ``.gz``).
INPUT_KINDS = {"txt", "text", "md", "html", "htm", "xhtml", "jsonl", "ndjson", "warc"}


def is_input(path: Path) -> bool:
    """True for a file ``newsweave analyze`` reads (by its name)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return "." in name and name.rsplit(".", 1)[1] in INPUT_KINDS


def expand(paths: Iterable[str]) -> list[str]:
    """The input files under ``paths``, directories walked in name order
    (as ``newsweave analyze`` does)."""
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out.extend(str(Path(root) / f) for f in sorted(files) if is_input(Path(root) / f))
        elif p.exists():
            out.append(str(p))
        else:
            raise SystemExit(f"{p}: no such file or directory")
    return out


def read_task(item: tuple[int, str]) -> Iterator[tuple[str, Any]]:
    """Stage 1, one input file: ``("a", ((file, n), article json))`` per
    article and ``("s", skipped entry)`` per skip."""
    number, path = item
    articles, skipped = newsweave.read_file(path)
    for n, article in enumerate(articles):
        yield "a", ((number, n), article.to_json())
    for s in skipped:
        yield "s", s


def prepare_partition(rows: Iterator[tuple[tuple[int, int], str]]) -> Iterator[Any]:
    """Stage 2: ``(key, (id, cluster, terms))``, terms read in parallel in Rust."""
    rows = list(rows)
    articles = [newsweave.Article.from_json(j) for _, j in rows]
    plain = [a for a in articles if a.cluster is None]
    terms = iter(newsweave.prepare(plain))
    for (key, _), a in zip(rows, articles):
        yield key, (a.id, a.cluster, None if a.cluster is not None else next(terms))


def assign(prepared_in_order: Iterable[tuple[Any, tuple[str, Any, Any]]]) -> list[tuple[Any, str, str]]:
    """Stage 3 on the driver: ``(key, unique id, story)`` in stream order,
    the stories ``newsweave analyze`` gives that stream."""
    clusterer = newsweave.Clusterer()
    keys, ids = [], []
    for key, (article_id, cluster, terms) in prepared_in_order:
        keys.append(key)
        ids.append(article_id)
        if cluster is not None:
            clusterer.add_given(cluster)
        else:
            clusterer.add_prepared(terms)
    unique = newsweave.unique_ids(ids)
    return list(zip(keys, unique, clusterer.finish()))


def annotate_group(group: tuple[str, Iterable[tuple[Any, str, str, str]]]) -> Iterator[Any]:
    """Stage 4, one outlet: ``(story, (key, annotated json))`` per article."""
    _, rows = group
    rows = sorted(rows, key=lambda r: r[0])
    articles = []
    for _, uid, _, article_json in rows:
        article = newsweave.Article.from_json(article_json)
        article.id = uid
        articles.append(article)
    for (key, _, story, _), annotated in zip(rows, newsweave.annotate(articles)):
        yield story, (key, annotated)


def report_group(group: tuple[str, Iterable[tuple[Any, str]]], summary_words: int) -> str:
    """Stage 5, one story: its report as JSON."""
    story, rows = group
    annotated = [a for _, a in sorted(rows, key=lambda r: r[0])]
    return newsweave.story_report(story, annotated, summary_words=summary_words).to_json()


def run(spark: Any, paths: list[str], out: Path | None, summary_words: int = 150) -> dict[str, Any]:
    """Runs the job; returns counts and the seconds each stage took."""
    sc = spark.sparkContext
    started = time.perf_counter()
    files = expand(paths)
    read = sc.parallelize(list(enumerate(files)), max(1, len(files))).flatMap(read_task).cache()
    articles = read.filter(lambda r: r[0] == "a").map(lambda r: r[1])
    skipped = read.filter(lambda r: r[0] == "s").map(lambda r: r[1]).collect()
    prepared = articles.mapPartitions(prepare_partition).sortByKey()
    assigned = assign(prepared.toLocalIterator())
    t_assign = time.perf_counter()

    slices = max(sc.defaultParallelism, 1)
    stories = sc.parallelize(assigned, slices).map(lambda r: (r[0], (r[1], r[2])))
    joined = articles.join(stories)  # key -> (article json, (uid, story))

    def by_outlet(row: Any) -> tuple[str, tuple[Any, str, str, str]]:
        key, (article_json, (uid, story)) = row
        outlet = json.loads(article_json).get("outlet")
        group = f"o:{outlet}" if outlet else f"k:{key}"
        return group, (key, uid, story, article_json)

    annotated = joined.map(by_outlet).groupByKey().flatMap(annotate_group).cache()
    reports = annotated.groupByKey().map(lambda g: report_group(g, summary_words)).cache()
    if out is not None:
        write_outputs(spark, out, joined, reports)
    report_rows = reports.collect()
    t_end = time.perf_counter()
    return {
        "files": len(files),
        "articles": len(assigned),
        "stories": len(report_rows),
        "skipped": skipped,
        "reports": [json.loads(r) for r in report_rows],
        "seconds": t_end - started,
        "read_prepare_assign_seconds": t_assign - started,
    }


def write_outputs(spark: Any, out: Path, joined: Any, reports: Any) -> None:
    """Parquet tables and the per-story JSON reports under ``out``."""
    from pyspark.sql.types import (ArrayType, DoubleType, LongType, StringType, StructField,
                                   StructType)

    def schema(**fields: Any) -> StructType:
        return StructType([StructField(name, kind, True) for name, kind in fields.items()])

    text = StringType()
    tables = {
        "articles": schema(file=LongType(), record=LongType(), id=text, story=text, path=text,
                           outlet=text, title=text, date=text, url=text, text=text),
        "quotes": schema(story=text, text=text, kind=text, cue=text, speaker=text, actor=text,
                         sources=text),
        "claims": schema(story=text, text=text, value=DoubleType(), unit=text,
                         attributed_to=text, sources=text),
        "stories": schema(id=text, title=text, articles=ArrayType(text), summary=text,
                          report=text),
    }

    def article_row(row: Any) -> tuple:
        key, (article_json, (uid, story)) = row
        a = json.loads(article_json)
        return (key[0], key[1], uid, story, a.get("path"), a.get("outlet"), a.get("title"),
                a.get("date"), a.get("url"), a["text"])

    def quote_rows(report_json: str) -> Iterator[tuple]:
        s = json.loads(report_json)
        for q in s["quotes"]:
            yield (s["id"], q["text"], q["kind"], q.get("cue"), q.get("speaker"), q.get("actor"),
                   json.dumps(q["sources"]))

    def claim_rows(report_json: str) -> Iterator[tuple]:
        s = json.loads(report_json)
        for c in s["claims"]:
            yield (s["id"], c["text"], float(c["value"]), c["unit"], c.get("attributed_to"),
                   json.dumps(c["sources"]))

    def story_row(report_json: str) -> tuple:
        s = json.loads(report_json)
        return (s["id"], s["title"], s["articles"],
                "\n".join(line["text"] for line in s["summary"]), report_json)

    rows = {
        "articles": joined.map(article_row),
        "quotes": reports.flatMap(quote_rows),
        "claims": reports.flatMap(claim_rows),
        "stories": reports.map(story_row),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, data in rows.items():
        frame = spark.createDataFrame(data, tables[name])
        frame.write.mode("overwrite").parquet(str(out / name))
    shutil.rmtree(out / "reports", ignore_errors=True)
    reports.saveAsTextFile(str(out / "reports"))


def session(master: str | None) -> Any:
    """A Spark session; ``master`` as ``local[2]`` for a local run."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("newsweave")
    if master:
        builder = builder.master(master)
    spark = (builder.config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> None:
    ap = argparse.ArgumentParser(description="newsweave over a corpus on Spark")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", type=Path, help="output directory (Parquet + reports/)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--summary-words", type=int, default=150)
    args = ap.parse_args()
    spark = session(args.master)
    result = run(spark, args.paths, args.out, args.summary_words)
    spark.stop()
    for s in result["skipped"]:
        line = f":{s['line']}" if s["line"] else ""
        print(f"skipped {s['path']}{line}: {s['reason']}", file=sys.stderr)
    print(json.dumps({k: result[k] for k in ("files", "articles", "stories", "seconds")}))


if __name__ == "__main__":
    main()
