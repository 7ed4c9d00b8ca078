#!/usr/bin/env bash
# Throughput of `newsweave analyze` (issue 13) and its cost per MB of one
# long article (issue 14, item 5).
#
# The corpus: the 840 PolNeAR train texts as {"id","text"} lines plus the
# 270 articles of the stories dev stream (1,110 articles). Prints, with 1
# and with 2 threads:
#   - per stage (examples/bench_analyze.rs): CPU s, wall s, articles per
#     CPU-second, and the peak memory;
#   - the CLI end to end (`newsweave analyze --format json`) under
#     /usr/bin/time: articles per CPU-second, wall time, peak RSS, and the
#     wall speed-up of 2 threads over 1.
# Then seconds per MB for one article of 0.1, 1 and 10 MB of real text and
# of one text repeated (LENGTHS overrides the sizes).
#
# With PEER set to another newsweave binary (say, a build of main), the end
# to end runs cover both, one after the other, under the same machine load.
#
# usage: scripts/bench-analyze.sh [corpus|length|all]   (default all)
# env:   EVAL (../shared/eval), BENCH_DIR (/tmp/newsweave-bench-analyze),
#        CARGO_TARGET_DIR, LENGTHS ("0.1 1 10"), PEER
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
EVAL=${EVAL:-../shared/eval}
dir=${BENCH_DIR:-/tmp/newsweave-bench-analyze}
mkdir -p "$dir"
corpus=$dir/corpus-1110.jsonl
if [ ! -s "$corpus" ]; then
  python3 - "$EVAL" "$corpus" <<'PY'
import gzip, json, sys
ev, out = sys.argv[1], sys.argv[2]
with open(out, "w") as o:
    with gzip.open(f"{ev}/quotes/polnear-train.jsonl.gz", "rt") as f:
        for line in f:
            d = json.loads(line)
            o.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
    with open(f"{ev}/stories/multinews-dev-stream.jsonl") as f:
        for line in f:
            d = json.loads(line)
            o.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
PY
fi
n=$(wc -l < "$corpus")

cargo build --release -q -p newsweave-cli -p newsweave --example bench_analyze
target=${CARGO_TARGET_DIR:-target}/release
# Private copies: a shared target directory may be rebuilt under us.
cp "$target/newsweave" "$dir/newsweave"
cp "$target/examples/bench_analyze" "$dir/bench_analyze"

if [ "$what" = all ] || [ "$what" = corpus ]; then
  for t in 1 2; do
    echo "== stages, $t thread(s)"
    "$dir/bench_analyze" corpus "$corpus" "$t"
  done
  echo "== newsweave analyze end to end ($n articles)"
  bins=("$dir/newsweave")
  if [ -n "${PEER:-}" ]; then bins+=("$PEER"); fi
  for bin in "${bins[@]}"; do
    declare -A wall
    for t in 1 2; do
      RAYON_NUM_THREADS=$t /usr/bin/time -f "%U %S %e %M" -o "$dir/time-$t" \
        "$bin" analyze "$corpus" --format json --output "$dir/report-$t.json" --quiet
      read -r user sys elapsed rss < "$dir/time-$t"
      wall[$t]=$elapsed
      echo "$bin, $t thread(s): $(echo "$n / ($user + $sys)" | bc) articles/cpu-s, wall ${elapsed} s, cpu $(echo "$user + $sys" | bc) s, peak $((rss / 1024)) MiB"
    done
    echo "$bin, 2 threads: $(echo "scale=2; ${wall[1]} / ${wall[2]}" | bc)x the wall speed of 1"
  done
fi

if [ "$what" = all ] || [ "$what" = length ]; then
  echo "== seconds per MB of one article"
  # shellcheck disable=SC2086
  "$dir/bench_analyze" length "$corpus" ${LENGTHS:-0.1 1 10}
fi
