#!/usr/bin/env python3
"""Build a large article stream for `scripts/bench-cluster.sh` by recombining
sentences of real articles (PolNeAR train and the Multi-News dev stream).

usage: bench_cluster_stream.py N OUT.jsonl [SEED]

Each synthetic story draws on two real articles (a pair chosen at random)
and renames their people and places: every capitalised word inside a
sentence is mapped, per story, to an invented name, so that stories built
from the same sentences still differ as real stories do in their actors.
Each of a story's articles takes 5-12 of the pair's sentences in a new order, with the first sentence of the main
article as its title one time in two. Stories run 1-7 articles over up to
three days; the stream advances about 1,000 articles a day, so a story ages
out of the live set after `retire_after_days`. Output lines are
{"id", "title"?, "text", "date"}, in date order; gold stories go to
OUT.gold.jsonl."""
import datetime, gzip, json, random, re, sys

SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")
START = datetime.datetime(2015, 1, 1)
SIZES = [1] * 2 + [2] * 47 + [3] * 37 + [4] * 10 + [5] * 2 + [6] + [7]


def sentences(text):
    out = []
    for para in text.split("\n"):
        para = para.strip()
        if len(para.split()) >= 4:
            out.extend(s for s in SPLIT.split(para) if len(s.split()) >= 4)
    return out


NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
SYLLABLES = ["ka", "lo", "mir", "ta", "ven", "dor", "si", "qua", "rel", "bu", "zen", "ox", "pa", "nim", "gor", "fi"]


def invent(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def rename(sentence, names, rng):
    def sub(m):
        w = m.group(0)
        if w not in names:
            names[w] = invent(rng)
        return names[w]
    return NAME.sub(sub, sentence)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    here = "/work/shared/eval"
    docs = []
    with gzip.open(f"{here}/quotes/polnear-train.jsonl.gz", "rt") as f:
        docs += [json.loads(l)["text"] for l in f]
    with open(f"{here}/stories/multinews-dev-stream.jsonl") as f:
        docs += [json.loads(l)["text"] for l in f]
    pools = [s for s in (sentences(d) for d in docs) if len(s) >= 8]
    per_day = 1000
    written = story = 0
    pending = []  # (day, id, record) of articles yet to write, kept small
    with open(out, "w") as o, open(out.rsplit(".", 1)[0] + ".gold.jsonl", "w") as g:
        while written < n:
            day = written / per_day
            a, b = rng.randrange(len(pools)), rng.randrange(len(pools))
            names = {}
            pool = [rename(x, names, rng) for x in pools[a] + pools[b][: len(pools[b]) // 2]]
            for i in range(rng.choice(SIZES)):
                k = min(len(pool), rng.randint(5, 12))
                picked = rng.sample(pool, k)
                rec = {"id": f"b{written:07d}"}
                if rng.random() < 0.5:
                    rec["title"] = pool[0][:120]
                t = day + i * rng.random() * 1.0
                rec["text"] = " ".join(picked[:k // 2]) + "\n\n" + " ".join(picked[k // 2:])
                when = START + datetime.timedelta(days=t)
                rec["date"] = when.strftime("%Y-%m-%dT%H:%M:00Z")
                o.write(json.dumps(rec) + "\n")
                g.write(json.dumps({"id": rec["id"], "story": f"g{story}"}) + "\n")
                written += 1
                if written >= n:
                    break
            story += 1


if __name__ == "__main__":
    main()
