#!/usr/bin/env bash
# Quote extraction speed (issue 5): `newsweave quotes` on PolNeAR dev
# repeated REPEAT times (default 30), on one thread (RAYON_NUM_THREADS=1);
# prints documents per second of wall and of CPU time.
#
# usage: scripts/bench-quotes.sh [REPEAT]
# env:   CARGO_TARGET_DIR (where the release binary is).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repeat="${1:-30}"
dev="$here/../../shared/eval/quotes/polnear-dev.jsonl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here/.." && cargo build --release -q -p newsweave-cli)
cp "${CARGO_TARGET_DIR:-$here/../target}/release/newsweave" "$work/newsweave"
python3 - "$dev" "$repeat" > "$work/in.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for r in range(int(sys.argv[2])):
    for d in docs:
        print(json.dumps({"id": f"{d['id']}-{r}", "text": d["text"]}))
PY
n=$(wc -l < "$work/in.jsonl")
RAYON_NUM_THREADS=1 /usr/bin/time -f "%e %U %S" -o "$work/time" \
  "$work/newsweave" quotes -q --input "$work/in.jsonl" --output /dev/null
read -r wall user sys < "$work/time"
printf "quotes: %d docs, 1 thread: %.0f docs/s wall, %.0f docs/s CPU\n" \
  "$n" "$(echo "$n / $wall" | bc -l)" "$(echo "$n / ($user + $sys)" | bc -l)"
