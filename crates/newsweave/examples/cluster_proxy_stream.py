#!/usr/bin/env python3
"""Build a story-clustering tuning stream from data other than the evaluation
file, so that `cluster_eval` parameters are not tuned on its answers.

usage: cluster_proxy_stream.py POLNEAR_TRAIN.jsonl.gz SEED OUT_PREFIX [--dates | --dense-dates]

Takes 100 PolNeAR train articles (US politics 2015-16, seven outlets: a hard
case, since most share the same people and topics), chosen by SEED, and splits
each into k parts, k drawn like the story sizes of the Multi-News stream (2 or
3 mostly). Paragraphs are dealt round-robin, so every part covers the whole
story in different sentences, as another outlet's article would; the first
part keeps the headline. Parts of one article form one gold story. Writes
OUT_PREFIX-stream.jsonl ({"id", "text"}, shuffled, plus "date" from the
article's id with --dates) and OUT_PREFIX-gold.jsonl ({"id", "story"}).
The 100 articles span ten months, so with --dates a story rarely has a
neighbour in time; --dense-dates keeps their order in time but packs them
into five days (twenty stories a day), as in a real feed."""
import gzip, json, random, sys

SIZES = [1] * 2 + [2] * 47 + [3] * 37 + [4] * 10 + [5] * 2 + [6] + [7]

def main():
    path, seed, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    dates = "--dates" in sys.argv[4:]
    dense = "--dense-dates" in sys.argv[4:]
    with gzip.open(path, "rt") as f:
        docs = [json.loads(line) for line in f]
    docs = [d for d in docs if len([p for p in d["text"].split("\n") if p.strip()]) >= 8]
    docs.sort(key=lambda d: d["id"])
    rng = random.Random(seed)
    rng.shuffle(docs)
    # Disjoint sets of articles for seeds 1, 2, 3, ...
    chosen = docs[(seed - 1) * 100 : seed * 100]
    items = []
    by_time = sorted(range(len(chosen)), key=lambda n: chosen[n]["id"].split("_")[1])
    rank = {n: r for r, n in enumerate(by_time)}
    for n, d in enumerate(chosen):
        paras = [p.strip() for p in d["text"].split("\n") if p.strip()]
        head, body = paras[0], paras[1:]
        k = min(rng.choice(SIZES), max(1, len(body) // 3))
        parts = [[] for _ in range(k)]
        for i, p in enumerate(body):
            parts[i % k].append(p)
        parts[0].insert(0, head)
        day = d["id"].split("_")[1]
        for i, part in enumerate(parts):
            item = {"id": f"p{seed}-{n:03d}-{i}", "text": "\n\n".join(part), "story": f"g{n:03d}"}
            if dates:
                item["date"] = f"{day}T{rng.randrange(6, 22):02d}:00:00Z"
            elif dense:
                hours = rank[n] * 24 * 5 // len(chosen) + rng.randrange(0, 12)
                item["date"] = f"2016-03-{1 + hours // 24:02d}T{hours % 24:02d}:00:00Z"
            items.append(item)
    rng.shuffle(items)
    with open(prefix + "-stream.jsonl", "w") as s, open(prefix + "-gold.jsonl", "w") as g:
        for it in items:
            story = it.pop("story")
            s.write(json.dumps(it) + "\n")
            g.write(json.dumps({"id": it["id"], "story": story}) + "\n")

if __name__ == "__main__":
    main()
