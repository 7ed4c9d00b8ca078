#!/usr/bin/env python3
"""Trains the learned pass of the quote finder (crates/newsweave/src/quotes/learned.rs).

The pass looks at every word of the cue vocabulary as a candidate cue whose
content starts right after it, and scores it with two logistic models over
sparse string features that the Rust code computes (so training and inference
share one feature extractor): a *start* model (is this an attribution?) and an
*end* model (which clause boundary ends the content?).

Steps (CARGO_TARGET_DIR as usual, T=polnear-train.jsonl.gz):
  1. python3 scripts/train_quotes.py vocab $T > crates/newsweave/src/quotes/learned.tsv
     The vocabulary: cue heads of the gold attributions ("is demanding" ->
     demanding, "called for" -> called + for) seen at least MIN_COUNT times and
     in at least MIN_RATE of the head word's occurrences.
  2. cargo build --release --example quotes_features -p newsweave
     zcat $T | target/release/examples/quotes_features candidates > cands.jsonl
  3. python3 scripts/train_quotes.py train $T cands.jsonl > crates/newsweave/src/quotes/learned.tsv
  4. (optional) simulate on dev without rebuilding: run `newsweave quotes` with the
     vocabulary-only table (rules only), dump dev candidates, then
     python3 scripts/train_quotes.py simulate GOLD RULE_PREDS DEV_CANDS learned.tsv [--threshold T]

Labels: a candidate is positive when a gold content unit starts after the
first character of its cue and before the end of its first content token (so
a leading "that" or the cue's preposition is allowed). Its best end is the boundary closest to the gold unit's end.
"""
import argparse
import collections
import gzip
import json
import math
import os
import re
import sys

MIN_COUNT = 2
MIN_RATE = 0.02
PARTICLE_SHARE = 0.25
TOK = re.compile(r"\w+(?:['’]\w+)*")
AUX = {"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "also", "will", "would",
       "not", "to", "did", "does", "do", "could", "should", "may", "might", "can", "'s", "’s", "already",
       "still", "never", "just", "even", "reportedly", "once", "repeatedly", "publicly"}
PARTICLES = {"about", "for", "of", "to", "on", "with", "against", "as", "over", "at", "in", "from", "out", "up"}
TRIM = set(" \t\r\n\"\u201c\u201d\u2018\u2019'.,;:!?\u2014\u2013-()\u2026[]")


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def head(cue):
    toks = [t.lower() for t in TOK.findall(cue)]
    for i, t in enumerate(toks):
        if t not in AUX and not t.endswith("ly"):
            nxt = toks[i + 1] if i + 1 < len(toks) and toks[i + 1] in PARTICLES else "-"
            return t, nxt
    return None, None


def vocabulary(gold_path):
    occ, heads = collections.Counter(), collections.Counter()
    particles = collections.defaultdict(collections.Counter)
    for d in read_jsonl(gold_path):
        occ.update(t.lower() for t in TOK.findall(d["text"]))
        seen = set()
        for q in d["quotes"]:
            key = (q.get("cue_start"), q.get("cue_end"))
            if not q.get("cue") or key in seen:
                continue
            seen.add(key)
            h, p = head(q["cue"])
            if h:
                heads[h] += 1
                particles[h][p] += 1
    vocab = {}
    for h, n in sorted(heads.items()):
        if n < MIN_COUNT or not h.isalpha() or n / max(occ[h], 1) < MIN_RATE:
            continue
        ps = sorted(p for p, m in particles[h].items() if p != "-" and m >= PARTICLE_SHARE * n)
        vocab[h] = ",".join(ps) or "-"
    return vocab


def trim(text, s, e):
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return s, e


def gold_units(d):
    out = []
    for q in d["quotes"]:
        for s, e in q.get("segments") or [[q["start"], q["end"]]]:
            s, e = trim(d["text"], int(s), int(e))
            if s < e:
                out.append((s, e))
    return out


def label(cands, gold):
    """Per candidate: (start label, index of the best end or None)."""
    by_doc = {d["id"]: gold_units(d) for d in gold}
    out = []
    for c in cands:
        units = by_doc.get(c["id"], [])
        # From inside the cue: a gold unit may keep the cue's preposition.
        lo, hi = c["cue"][0] + 1, c["start"][1]
        hits = [u for u in units if lo <= u[0] < hi]
        if not hits:
            out.append((0, None))
            continue
        ge = min(hits)[1]
        best = min(range(len(c["ends"])), key=lambda k: (abs(c["ends"][k][0] - ge), k))
        out.append((1, best))
    return out


def fit(rows, ys, c_reg, min_count):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    counts = collections.Counter(f for r in rows for f in r)
    keep = [[f for f in r if counts[f] >= min_count] for r in rows]
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in r} for r in keep]).tocsr()
    X.indices = X.indices.astype("int32")
    X.indptr = X.indptr.astype("int32")
    lr = LogisticRegression(C=c_reg, max_iter=2000, solver="liblinear")
    lr.fit(X, ys)
    names = vec.get_feature_names_out()
    weights = {n: float(w) for n, w in zip(names, lr.coef_[0]) if abs(w) >= 0.02}
    return float(lr.intercept_[0]), weights


def write_table(vocab, start=None, end=None, threshold=0.5, out=sys.stdout):
    out.write("# Learned quote pass (scripts/train_quotes.py on polnear-train): "
              "param / vocab word particles / start|end feature weight\n")
    out.write(f"param\tthreshold\t{threshold}\n")
    for h, p in sorted(vocab.items()):
        out.write(f"vocab\t{h}\t{p}\n")
    for name, model in (("start", start), ("end", end)):
        if model is None:
            continue
        bias, weights = model
        out.write(f"{name}\t<bias>\t{bias:.4f}\n")
        for f, w in sorted(weights.items()):
            if "\t" in f or "\n" in f:
                continue
            out.write(f"{name}\t{f}\t{w:.3f}\n")


def read_table(path):
    vocab, models, threshold = {}, {"start": [0.0, {}], "end": [0.0, {}]}, 0.5
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        t, k, v = parts
        if t == "vocab":
            vocab[k] = v
        elif t == "param" and k == "threshold":
            threshold = float(v)
        elif t in models:
            if k == "<bias>":
                models[t][0] = float(v)
            else:
                models[t][1][k] = float(v)
    return vocab, models, threshold


def cmd_vocab(a):
    write_table(vocabulary(a.gold))


def cmd_train(a):
    gold = list(read_jsonl(a.gold))
    cands = list(read_jsonl(a.cands))
    labels = label(cands, gold)
    print(f"{len(cands)} candidates, {sum(y for y, _ in labels)} positive", file=sys.stderr)
    start = fit([c["f"] for c in cands], [y for y, _ in labels], a.c_start, a.min_count)
    rows, ys = [], []
    for c, (y, best) in zip(cands, labels):
        if y:
            for k, (_, f) in enumerate(c["ends"]):
                rows.append(f)
                ys.append(int(k == best))
    end = fit(rows, ys, a.c_end, a.min_count)
    print(f"start: {len(start[1])} weights, end: {len(end[1])} weights", file=sys.stderr)
    write_table(vocabulary(a.gold), start, end, a.threshold)


def predict(cands, models, threshold):
    (sb, sw), (eb, ew) = models["start"], models["end"]
    out = []
    for c in cands:
        z = sb + sum(sw.get(f, 0.0) for f in c["f"])
        p = 1 / (1 + math.exp(-z))
        if p < threshold:
            continue
        scores = [eb + sum(ew.get(f, 0.0) for f in fs) for _, fs in c["ends"]]
        k = max(range(len(scores)), key=lambda i: (scores[i], -i))
        out.append((c, p, c["ends"][k][0]))
    return out


def cmd_simulate(a):
    sys.path.insert(0, os.path.dirname(a.score))
    import score as sc
    gold = sc.load(a.gold)
    pred = sc.load(a.pred)
    vocab, models, thr = read_table(a.table)
    thr = a.threshold if a.threshold is not None else thr
    texts = {k: v["text"] for k, v in gold.items()}
    added = collections.Counter()
    for c, p, end in predict(read_jsonl(a.cands), models, thr):
        d = pred.setdefault(c["id"], {"quotes": []})
        text = texts[c["id"]]
        s = c["start"][0]
        s, e = trim(text, s, end)
        if s >= e:
            continue
        clash = False
        for q in d["quotes"]:
            for qs, qe in q.get("segments") or [[q["start"], q["end"]]]:
                if qs < e and s < qe:
                    inside = a.nested and qs <= s and e <= qe and q.get("kind") == "indirect"
                    clash = clash or not inside
        if clash:
            continue
        spk = c.get("speaker")
        d["quotes"].append({"start": s, "end": e, "kind": "indirect", "learned": True,
                            "speaker": text[spk[0]:spk[1]] if spk else None,
                            "speaker_mention": text[spk[0]:spk[1]] if spk else None})
        added[c["id"]] += 1
    print(f"added {sum(added.values())} learned quotes", file=sys.stderr)
    if a.out:
        with open(a.out, "w") as f:
            for k, v in pred.items():
                f.write(json.dumps({"id": k, "quotes": v["quotes"]}) + "\n")
    r = sc.score(gold, pred)["overlap"]
    d, e = r["detection"], r["end_to_end"]
    print(f"detect P/R/F1 {d['P']} {d['R']} {d['F1']} | spk {r['speaker_accuracy']} | e2e {e['P']} {e['R']} {e['F1']} | {r['recall_by_gold_kind']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("vocab")
    v.add_argument("gold")
    t = sub.add_parser("train")
    t.add_argument("gold")
    t.add_argument("cands")
    t.add_argument("--c-start", type=float, default=0.3)
    t.add_argument("--c-end", type=float, default=0.3)
    t.add_argument("--min-count", type=int, default=5)
    t.add_argument("--threshold", type=float, default=0.4)
    s = sub.add_parser("simulate")
    s.add_argument("gold")
    s.add_argument("pred")
    s.add_argument("cands")
    s.add_argument("table")
    s.add_argument("--threshold", type=float, default=None)
    s.add_argument("--nested", action="store_true")
    s.add_argument("--out", default=None)
    s.add_argument("--score", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "..", "shared", "eval", "quotes", "score.py"))
    a = ap.parse_args()
    {"vocab": cmd_vocab, "train": cmd_train, "simulate": cmd_simulate}[a.cmd](a)


if __name__ == "__main__":
    main()
