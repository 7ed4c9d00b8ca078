#!/usr/bin/env python3
"""Cross-validated ROUGE of the summarizer's tuned knobs on Multi-News dev.

    python3 scripts/cv-summarize.py [--folds 5] [--seed 0]

The scorer's knobs (`newsweave::summarize::Tuning`) were chosen on the same
100 dev clusters the score is reported on. This script shows how much of the
dev score is fit: it runs `newsweave summarize --words 264` once per
configuration of a grid around the shipped defaults (knobs passed through the
hidden NEWSWEAVE_SUMMARY_TUNING variable), then for each of k folds picks the
configuration with the best mean R-1 + R-2 on the other k-1 folds and scores
the held-out fold with `score.py --protocol multinews`. It prints per-fold
and mean held-out R-1 / R-2, which configuration each fold chose, and the
full-dev score of the shipped defaults.

Needs: pip install rouge-score nltk; a release build (`cargo build --release
-p newsweave-cli`, found under $CARGO_TARGET_DIR or target/).
"""
import argparse
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.environ.get("EVAL", os.path.join(ROOT, "..", "shared", "eval"))
SCORE = os.path.join(EVAL, "summarize", "score.py")
sys.path.insert(0, os.path.join(EVAL, "summarize"))
from score import to_lines, truncate_words  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402

# The grid: every combination, the shipped defaults among them.
GRID = {
    "position": [3.0, 5.0, 8.0],
    "tau": [2.0, 3.0, 5.0],
    "bigram": [1.0, 1.5],
    "support": [0.5, 0.75],
    "doc_weight": [1.0, 2.0],
}
DEFAULTS = {"position": 5.0, "tau": 3.0, "bigram": 1.5, "support": 0.75, "doc_weight": 2.0}


def run(nw, inp, tuning, out):
    env = dict(os.environ, NEWSWEAVE_SUMMARY_TUNING=json.dumps(tuning))
    subprocess.run([nw, "summarize", "-q", "--input", inp, "--words", "264", "--output", out],
                   env=env, check=True)
    return {r["id"]: r["summary"] for r in map(json.loads, open(out)) if r}


def official(gold_rows, preds, workdir, tag):
    """R-1 / R-2 F1 of score.py --protocol multinews on these clusters."""
    g, p = os.path.join(workdir, f"{tag}-gold.jsonl"), os.path.join(workdir, f"{tag}-pred.jsonl")
    with open(g, "w") as f:
        for row in gold_rows:
            f.write(json.dumps(row) + "\n")
    with open(p, "w") as f:
        for row in gold_rows:
            f.write(json.dumps({"id": row["id"], "summary": preds.get(row["id"], "")}) + "\n")
    text = subprocess.run([sys.executable, SCORE, "--gold", g, "--pred", p, "--protocol", "multinews"],
                          check=True, capture_output=True, text=True).stdout
    m = re.search(r"F1 : R1 ([\d.]+)\s+R2 ([\d.]+)", text)
    return float(m.group(1)), float(m.group(2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "cv"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    nw = os.path.join(target, "release", "newsweave")
    gold = [json.loads(l) for l in open(os.path.join(EVAL, "summarize", "multinews-dev.jsonl")) if l.strip()]
    inp = os.path.join(a.out, "in.jsonl")
    with open(inp, "w") as f:
        for row in gold:
            f.write(json.dumps({k: v for k, v in row.items() if k != "summaries"}) + "\n")

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    refs = {g["id"]: [to_lines(r) for r in g["summaries"]] for g in gold}
    keys = list(GRID)
    configs = [dict(zip(keys, values)) for values in itertools.product(*GRID.values())]
    per_cluster = []  # per config: id -> R-1 + R-2 (F1, mean over references)
    outputs = []
    for n, cfg in enumerate(configs):
        tag = hashlib.sha1(json.dumps(cfg, sort_keys=True).encode()).hexdigest()[:10]
        preds = run(nw, inp, cfg, os.path.join(a.out, f"cfg-{tag}.jsonl"))
        scores = {}
        for gid, rs in refs.items():
            pred = to_lines(truncate_words(preds.get(gid, ""), 264))
            per_ref = [scorer.score(r, pred) for r in rs]
            scores[gid] = sum(s["rouge1"].fmeasure + s["rouge2"].fmeasure for s in per_ref) / len(rs)
        per_cluster.append(scores)
        outputs.append(preds)
        if sys.stderr.isatty():
            print(f"\rconfigurations run: {n + 1}/{len(configs)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)

    ids = [g["id"] for g in gold]
    random.Random(a.seed).shuffle(ids)
    folds = [set(ids[i::a.folds]) for i in range(a.folds)]
    results = []
    print(f"{a.folds}-fold cross-validation over {len(configs)} configurations "
          f"({', '.join(f'{k} {v}' for k, v in GRID.items())})")
    for i, held in enumerate(folds):
        train = [x for x in ids if x not in held]
        best = max(range(len(configs)), key=lambda c: sum(per_cluster[c][x] for x in train))
        rows = [g for g in gold if g["id"] in held]
        r1, r2 = official(rows, outputs[best], a.out, f"fold{i}")
        results.append((r1, r2))
        chosen = ", ".join(f"{k} {configs[best][k]}" for k in keys)
        print(f"fold {i + 1}: {len(rows)} held-out clusters  R-1 {r1:.2f}  R-2 {r2:.2f}  (chose {chosen})")
    m1 = sum(r[0] for r in results) / len(results)
    m2 = sum(r[1] for r in results) / len(results)
    print(f"mean of folds: R-1 {m1:.2f}  R-2 {m2:.2f}")
    d = configs.index(DEFAULTS)
    r1, r2 = official(gold, outputs[d], a.out, "defaults")
    print(f"shipped defaults on all {len(gold)} dev clusters (fit on them): R-1 {r1:.2f}  R-2 {r2:.2f}")


if __name__ == "__main__":
    main()
