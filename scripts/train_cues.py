#!/usr/bin/env python3
"""Learns the quote finder's extra cue lexicon from PolNeAR train.

Usage: python3 scripts/train_cues.py /work/shared/eval/quotes/polnear-train.jsonl.gz \
           > crates/newsweave/src/quotes/cues.tsv

For every gold attribution the cue's head word is taken (auxiliaries
dropped: "has said" -> said, "is expected" -> expected) with the preposition
that follows it ("called for", "talking about"). A head is kept when it is a
cue in at least MIN_PRECISION of its occurrences in the training texts and
at least MIN_COUNT times. Its pattern is the majority shape in the gold:
  object   speaker before the cue, content after it ("Christie endorsed Trump")
  raising  no speaker, content = subject + complement ("X seemed to Y")
Output (tab separated): word, pattern, particle ("-" for none), precision, count.
"""
import collections
import gzip
import json
import re
import sys

MIN_PRECISION = 0.30
MIN_COUNT = 6
TOK = re.compile(r"\w+(?:['’]\w+)*")
AUX = {"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "also", "will", "would",
       "not", "to", "did", "does", "do", "could", "should", "may", "might", "can", "'s", "’s", "already",
       "still", "never", "just", "even", "reportedly", "once", "repeatedly", "publicly"}
PARTICLES = {"about", "for", "of", "to", "on", "with", "against", "as", "over", "at", "in", "from", "out", "up"}


def head(cue):
    toks = [t.lower() for t in TOK.findall(cue)]
    for i, t in enumerate(toks):
        if t not in AUX and not t.endswith("ly"):
            nxt = toks[i + 1] if i + 1 < len(toks) and toks[i + 1] in PARTICLES else "-"
            return t, nxt
    return None, None


def main():
    path = sys.argv[1]
    opener = gzip.open if path.endswith(".gz") else open
    occ = collections.Counter()
    cues = collections.Counter()
    shape = collections.defaultdict(collections.Counter)
    particle = collections.defaultdict(collections.Counter)
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d["text"]
            occ.update(t.lower() for t in TOK.findall(text))
            seen = set()
            for q in d["quotes"]:
                cue, cs, ce = q.get("cue"), q.get("cue_start"), q.get("cue_end")
                if not cue or cs is None or (cs, ce) in seen:
                    continue
                seen.add((cs, ce))
                h, p = head(cue)
                if not h:
                    continue
                cues[h] += 1
                particle[h][p] += 1
                segs = q.get("segments") or [[q["start"], q["end"]]]
                spk = q.get("speaker_start")
                if len(segs) > 1 and segs[0][1] <= cs and segs[-1][0] >= ce and spk is None:
                    shape[h]["raising"] += 1
                elif segs[0][0] >= ce and spk is not None and q.get("speaker_end", 0) <= cs:
                    shape[h]["object"] += 1
                else:
                    shape[h]["other"] += 1
    rows = []
    for h, n in cues.items():
        if n < MIN_COUNT or not h.isalpha() or len(h) < 3:
            continue
        prec = n / max(occ[h], 1)
        if not MIN_PRECISION <= prec <= 1.0:
            continue
        pattern, m = shape[h].most_common(1)[0]
        if pattern == "other" or m < 0.5 * n:
            continue
        part, pm = particle[h].most_common(1)[0]
        if pm < 0.6 * n:
            part = "-"
        rows.append((h, pattern, part, prec, n))
    rows.sort()
    print("# word\tpattern\tparticle\tprecision\tcount  (scripts/train_cues.py on polnear-train)")
    for h, pattern, part, prec, n in rows:
        print(f"{h}\t{pattern}\t{part}\t{prec:.2f}\t{n}")


if __name__ == "__main__":
    main()
