#!/usr/bin/env python3
"""Error analysis for `newsweave quotes` against a gold JSONL (PolNeAR, RiQuA).

Usage: python3 scripts/quotes_errors.py GOLD PRED [--kinds direct,mixed] [--show N] [--what miss|fp|bound]

Aligns units as ../shared/eval/quotes/score.py does (overlap >= 0.5) and reports
  * missed gold units by kind and by cue head, split into "nothing predicted
    near" and "a prediction overlaps but too little" (a boundary error);
  * false positives by kind and cue;
  * speaker errors on matched units;
and prints N examples of the chosen category with the sentence around it.
"""
import argparse
import collections
import importlib.util
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCORE = os.environ.get("SCORE_PY", os.path.join(HERE, "..", "..", "shared", "eval", "quotes", "score.py"))


def load_score():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def context(text, s, e, width=160):
    a, b = max(0, s - width), min(len(text), e + width)
    return (text[a:s] + "[[" + text[s:e] + "]]" + text[e:b]).replace("\n", " / ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--kinds", default=None)
    ap.add_argument("--pred-kinds", default=None)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--what", default="miss")
    ap.add_argument("--cue", default=None, help="only examples with this cue")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    sc = load_score()
    gold, pred = sc.load(a.gold), sc.load(a.pred)
    gk = set(a.kinds.split(",")) if a.kinds else None
    pk = set(a.pred_kinds.split(",")) if a.pred_kinds else None
    miss_kind, miss_cue, part_kind, fp_kind, fp_cue, spk_bad = (collections.Counter() for _ in range(6))
    examples = collections.defaultdict(list)
    toks_re = sc.TOK
    for did, gd in gold.items():
        text = gd["text"]
        pd = pred.get(did, {"quotes": []})
        gu = sc.units(gd, gk)
        pu = sc.units({"text": text, "quotes": pd.get("quotes", [])}, pk)
        m = sc.align(gu, pu, text, "overlap")
        gm = {g: p for g, p in m}
        pm = {p: g for g, p in m}
        toks = [(x.start(), x.end()) for x in toks_re.finditer(text)]
        for gi, u in enumerate(gu):
            q = u["q"]
            cue = (q.get("cue") or "").lower()
            if gi not in gm:
                G = sc.token_ids(toks, u["s"], u["e"])
                best = None
                for pi, v in enumerate(pu):
                    P = sc.token_ids(toks, v["s"], v["e"])
                    if G & P:
                        sc_ = len(G & P) / max(len(G), len(P))
                        if best is None or sc_ > best[0]:
                            best = (sc_, v)
                cat = "partial" if best else "none"
                miss_kind[(u["kind"], cat)] += 1
                miss_cue[cue] += 1
                ex = context(text, u["s"], u["e"])
                if best:
                    ex += "\n      PRED: " + text[best[1]["s"]:best[1]["e"]].replace("\n", " / ")
                examples["miss" if cat == "none" else "bound"].append((cue, u["kind"], ex))
            else:
                pq = pu[gm[gi]]["q"]
                if sc.gold_has_speaker(q):
                    ok = any(sc.speaker_match(pq.get(k), q) for k in ("speaker", "speaker_canonical", "speaker_mention"))
                    if not ok:
                        spk_bad[u["kind"]] += 1
                        examples["spk"].append((cue, u["kind"], context(text, u["s"], u["e"], 80)
                                                + f"\n      GOLD {q.get('speaker')!r} PRED {pq.get('speaker_mention')!r} / {pq.get('speaker')!r}"))
        for pi, v in enumerate(pu):
            if pi not in pm:
                q = v["q"]
                cue = (q.get("cue") or "").lower()
                fp_kind[v["kind"]] += 1
                fp_cue[cue] += 1
                examples["fp"].append((cue, v["kind"], context(text, v["s"], v["e"])))
    print("missed gold units (kind, none|partial):", dict(miss_kind))
    print("missed by gold cue:", miss_cue.most_common(40))
    print("false positives by kind:", dict(fp_kind))
    print("false positives by cue:", fp_cue.most_common(40))
    print("speaker errors by kind:", dict(spk_bad))
    if a.show:
        ex = examples[a.what]
        if a.cue is not None:
            ex = [e for e in ex if e[0] == a.cue]
        random.Random(a.seed).shuffle(ex)
        for cue, kind, s in ex[: a.show]:
            print(f"\n[{kind}] cue={cue!r}\n   {s}")


if __name__ == "__main__":
    main()
