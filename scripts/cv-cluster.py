#!/usr/bin/env python3
"""Cross-validated story-clustering score: parameters are chosen on some
stories of the stream and scored on the others, so the figure printed is not
tuned on the answers it is scored against (issue 6).

usage: cv-cluster.py CLUSTER_EVAL STREAM.jsonl GOLD.jsonl [--folds K] [--grid JSON]

The gold stories are dealt into K folds (seeded, so the split is the same on
every run). For each fold, every configuration of the grid (a JSON object of
parameter -> list of values; the `StoryConfig` defaults fill the rest) runs
on the stream of the *other* folds' articles, in stream order; the best by
B-cubed F1 is then run on the held-out fold's articles. Prints, per fold, the
configuration chosen and its held-out score next to the defaults' held-out
score, then the means."""
import itertools, json, os, random, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../crates/newsweave/examples"))
from cluster_sweep import scorer  # noqa: E402

DEFAULT_GRID = {
    "threshold": [0.18, 0.21, 0.24],
    "clear_margin": [0, 2.0, 2.5, 3.0],
    "clear_share": [0.5, 0.67, 0.8],
    "repeat_stub_words": [0, 150],
}


def run(binary, lines, config):
    out = subprocess.run([binary, "--config", json.dumps(config)], input="".join(lines),
                         capture_output=True, text=True, check=True).stdout
    return {o["id"]: o["story"] for o in map(json.loads, out.splitlines())}


def main():
    args = sys.argv[1:]
    folds, grid = 5, DEFAULT_GRID
    if "--folds" in args:
        i = args.index("--folds")
        folds = int(args[i + 1])
        del args[i : i + 2]
    if "--grid" in args:
        i = args.index("--grid")
        grid = json.loads(args[i + 1])
        del args[i : i + 2]
    binary, stream_path, gold_path = args
    score = scorer()
    gold = score.load(gold_path)
    with open(stream_path) as f:
        lines = [l for l in f if l.strip()]
    ids = [json.loads(l)["id"] for l in lines]
    stories = sorted(set(gold.values()))
    random.Random(7).shuffle(stories)
    fold_of = {s: n % folds for n, s in enumerate(stories)}
    keys = sorted(grid)
    configs = [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]

    def f1(config, fold, held_out):
        part = [l for l, a in zip(lines, ids) if (fold_of[gold[a]] == fold) == held_out]
        sub = {a: gold[a] for a in ids if (fold_of[gold[a]] == fold) == held_out}
        return score.bcubed(sub, run(binary, part, config))[2]

    chosen_scores, default_scores = [], []
    for fold in range(folds):
        best = max(configs, key=lambda c: (f1(c, fold, False), -configs.index(c)))
        held, base = f1(best, fold, True), f1({}, fold, True)
        chosen_scores.append(held)
        default_scores.append(base)
        print(f"fold {fold}: chosen {json.dumps(best)}  held-out B3 F1 {held:.3f}  (defaults {base:.3f})", flush=True)
    mean = lambda xs: sum(xs) / len(xs)
    print(f"mean held-out B3 F1: chosen per fold {mean(chosen_scores):.3f}, defaults {mean(default_scores):.3f}")


if __name__ == "__main__":
    main()
