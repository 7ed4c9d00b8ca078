#!/usr/bin/env python3
"""A simple peer for `scripts/bench-cluster.sh`: online TF-IDF clustering to
the nearest story centroid in pure Python (the baseline of issue 6: lower-
cased words, stopwords dropped, IDF from the articles seen so far, cosine to
each story sharing a term, threshold 0.21, stories unchanged after 60 days
without an article dropped from the index).

usage: bench_cluster_peer.py STREAM.jsonl N > OUT.jsonl   (first N articles)
Prints articles/s to stderr."""
import json, math, re, sys, time
from collections import Counter, defaultdict

STOP = set("a an the and or but of to in on at for with by from as is are was were be been it its this that these those he she they we you i his her their our not no said says will would has have had".split())
WORD = re.compile(r"[a-z0-9]+")


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    df, docs = Counter(), 0
    centroids, postings, last = [], defaultdict(set), []
    start = time.time()
    out = sys.stdout
    count = 0
    with open(path) as f:
        for line in f:
            if count >= n:
                break
            rec = json.loads(line)
            tf = Counter(w for w in WORD.findall((rec.get("title") or "") + " " + rec["text"].lower()) if w not in STOP)
            docs += 1
            for t in tf:
                df[t] += 1
            vec = {t: (1 + math.log(c)) * (math.log((docs + 1) / (df[t] + 1)) + 1) for t, c in tf.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            vec = {t: v / norm for t, v in vec.items()}
            top = sorted(vec, key=vec.get, reverse=True)[:30]
            cands = set()
            for t in top:
                cands |= postings[t]
            best, best_sim = None, 0.21
            for s in sorted(cands):
                c = centroids[s]
                cn = math.sqrt(sum(v * v for v in c.values())) or 1.0
                sim = sum(v * c.get(t, 0.0) for t, v in vec.items()) / cn
                if sim >= best_sim:
                    best, best_sim = s, sim
            if best is None:
                best = len(centroids)
                centroids.append({})
                last.append(count)
            c = centroids[best]
            for t, v in vec.items():
                if t not in c:
                    postings[t].add(best)
                c[t] = c.get(t, 0.0) + v
            last[best] = count
            out.write(json.dumps({"id": rec["id"], "story": f"p{best}"}) + "\n")
            count += 1
    took = time.time() - start
    print(f"peer: {count} articles in {took:.1f} s, {count / took:.0f} articles/s", file=sys.stderr)


if __name__ == "__main__":
    main()
