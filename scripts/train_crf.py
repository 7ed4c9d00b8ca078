#!/usr/bin/env python3
"""Trains the attribution tagger of the quote finder (quotes/crf.rs).

A linear-chain CRF (CRFsuite, L-BFGS with L1 + L2) over the units the quote
finder builds, with the features the Rust code computes, dumped by the
`quotes_features` example (`tokens` mode):

  zcat polnear-train.jsonl.gz \
    | cargo run --release --example quotes_features tokens > /tmp/train-tokens.jsonl
  python3 scripts/train_crf.py --tokens /tmp/train-tokens.jsonl \
    --gold polnear-train.jsonl.gz --out crates/newsweave/src/quotes/crf.tsv.gz

Labels come from the gold attributions: O, B/I for content, C for cue and
S for source tokens. Only the outermost attribution of a nest is tagged
(one layer of labels), and its cue and source only where they are not
inside another content. The table keeps every weight of at least 1e-4
(L1 leaves about 50,000 features, 0.5 MB gzipped). Needs:
pip install python-crfsuite
"""
import argparse
import gzip
import json
from collections import defaultdict

import pycrfsuite

LABELS = ["O", "B", "I", "C", "S"]


def load_gold(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f) if d}


def overlaps(a, b, s, e, half):
    inter = min(b, e) - max(a, s)
    if inter <= 0:
        return False
    return inter * 2 >= (b - a) if half else True


def label_doc(spans, gold):
    """spans: all token spans of the doc in order; returns one label each."""
    lab = ["O"] * len(spans)
    atts = []
    for q in gold.get("quotes", []):
        segs = q.get("segments") or [[q["start"], q["end"]]]
        atts.append((sum(e - s for s, e in segs), segs, q))
    atts.sort(key=lambda x: -x[0])
    kept = []
    for _, segs, q in atts:
        toks = [[i for i, (a, b) in enumerate(spans) if overlaps(a, b, s, e, True)] for s, e in segs]
        if any(lab[i] != "O" for t in toks for i in t) or not any(toks):
            continue
        for t in toks:
            for j, i in enumerate(t):
                lab[i] = "B" if j == 0 else "I"
        kept.append(q)
    for q in kept:
        for key, l in (("cue", "C"), ("speaker", "S")):
            s, e = q.get(key + "_start"), q.get(key + "_end")
            if s is None or e is None:
                continue
            for i, (a, b) in enumerate(spans):
                if lab[i] == "O" and overlaps(a, b, s, e, False):
                    lab[i] = l
    return lab


def sequences(tokens_path, gold):
    by_doc = defaultdict(list)
    with open(tokens_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            by_doc[r["id"]].append(r)
    for did, units in by_doc.items():
        if did not in gold:
            continue
        spans = [tuple(t) for u in units for t in u["t"]]
        lab = label_doc(spans, gold[did])
        k = 0
        for u in units:
            n = len(u["t"])
            yield u["f"], lab[k : k + n]
            k += n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--c1", type=float, default=0.5)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--model", default="/tmp/crf.crfsuite")
    args = ap.parse_args()

    gold = load_gold(args.gold)
    tr = pycrfsuite.Trainer(verbose=False)
    counts = defaultdict(int)
    for xs, ys in sequences(args.tokens, gold):
        tr.append(xs, ys)
        for y in ys:
            counts[y] += 1
    print("labels", dict(counts))
    tr.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iters,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    tr.train(args.model)
    print("last iteration", tr.logparser.last_iteration)

    tagger = pycrfsuite.Tagger()
    tagger.open(args.model)
    info = tagger.info()
    rows = defaultdict(lambda: [0.0] * len(LABELS))
    for (attr, label), w in info.state_features.items():
        if abs(w) >= 1e-4:
            rows[attr][LABELS.index(label)] = w
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# attribution tagger for quotes/crf.rs, written by scripts/train_crf.py\n")
        f.write(f"# c1={args.c1} c2={args.c2} iters={args.iters} minfreq={args.minfreq}\n")
        for (a, b), w in sorted(info.transitions.items()):
            f.write(f"trans\t{a}\t{b}\t{w:.4f}\n")
        for attr in sorted(rows):
            if "\t" in attr or "\n" in attr:
                continue
            f.write(attr + "\t" + "\t".join(f"{w:.4g}" if w else "0" for w in rows[attr]) + "\n")
    print("features", len(rows))


if __name__ == "__main__":
    main()
