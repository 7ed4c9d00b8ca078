#!/usr/bin/env python3
"""Sweep one `StoryConfig` parameter of `cluster_eval` over tuning streams.

usage: cluster_sweep.py EXAMPLE_BIN PARAM V1,V2,... PREFIX... [--base JSON] [--extra "ARGS"]

Each PREFIX names PREFIX-stream.jsonl and PREFIX-gold.jsonl (see
cluster_proxy_stream.py). Prints, per value, B-cubed F1 on each stream and
their mean, using the scorer of shared/eval/stories."""
import json, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../shared/eval/stories"))
import importlib.util

def scorer():
    here = os.path.dirname(os.path.abspath(__file__))
    for p in [os.path.join(here, "../../../../shared/eval/stories/score.py"), "/work/shared/eval/stories/score.py"]:
        if os.path.exists(p):
            spec = importlib.util.spec_from_file_location("score", p)
            m = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(m)
            return m
    sys.exit("score.py not found")

def main():
    args = sys.argv[1:]
    base = {}
    if "--base" in args:
        i = args.index("--base")
        base = json.loads(args[i + 1])
        del args[i : i + 2]
    extra = []
    if "--extra" in args:
        i = args.index("--extra")
        extra = args[i + 1].split()
        del args[i : i + 2]
    binary, param, values, prefixes = args[0], args[1], args[2].split(","), args[3:]
    score = scorer()
    for v in values:
        cfg = dict(base)
        cfg[param] = json.loads(v)
        row = []
        for p in prefixes:
            with open(p + "-stream.jsonl") as f:
                out = subprocess.run([binary, "--config", json.dumps(cfg)] + extra, stdin=f,
                                     capture_output=True, text=True, check=True).stdout
            pred = {o["id"]: o["story"] for o in map(json.loads, out.splitlines())}
            gold = score.load(p + "-gold.jsonl")
            row.append(score.bcubed(gold, pred)[2])
        print(f"{param}={v:>6}  mean B3 F1 {sum(row)/len(row):.3f}  " + " ".join(f"{x:.3f}" for x in row), flush=True)

if __name__ == "__main__":
    main()
