#!/usr/bin/env bash
# Scale bench for `newsweave cluster` (issue 6): builds a stream of N
# articles (default 1,000,000) by recombining sentences of real articles
# (scripts/bench_cluster_stream.py), clusters it with the release binary
# and reports articles/s and peak memory (/usr/bin/time -v), on the whole
# stream and on its first quarter: memory follows the live stories, so the
# two peaks should be about the same. Then it runs a
# pure-Python TF-IDF online-centroid peer on the first PEER articles
# (default 10,000; its cost grows with the stories it keeps) and newsweave
# on the same slice, for comparison.
#
# usage: scripts/bench-cluster.sh [N] [PEER]
# env:   CARGO_TARGET_DIR (where the release binary is), BENCH_DIR (default
#        /tmp/newsweave-bench; the stream is reused when present).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
peer="${2:-10000}"
dir="${BENCH_DIR:-/tmp/newsweave-bench}"
mkdir -p "$dir"
stream="$dir/stream-$n.jsonl"
gold="$dir/stream-$n.gold.jsonl"

(cd "$here/.." && cargo build --release -q -p newsweave-cli)
bin="${CARGO_TARGET_DIR:-$here/../target}/release/newsweave"
# A private copy: a shared target directory may be rebuilt under us.
cp "$bin" "$dir/newsweave"
bin="$dir/newsweave"

if [ ! -s "$stream" ]; then
  echo "building a stream of $n articles in $stream" >&2
  python3 "$here/bench_cluster_stream.py" "$n" "$stream"
fi
size=$(du -h "$stream" | cut -f1)
echo "stream: $n articles, $size, $(nproc) cores"

run() { # label, input, output
  local label="$1" input="$2" out="$3" count
  count=$(wc -l < "$input")
  /usr/bin/time -v "$bin" cluster -q --input "$input" > "$out" 2> "$dir/time.txt"
  local secs mem
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/time.txt")
  mem=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$dir/time.txt")
  cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$dir/time.txt")
  awk -v l="$label" -v c="$count" -v s="$secs" -v m="$mem" -v p="$cpu" \
    'BEGIN {printf "%-26s %9d articles  %7.1f s  %8.0f articles/s  peak %5d MiB  CPU %s\n", l, c, s, c / s, m, p}'
}

run "newsweave (full stream)" "$stream" "$dir/out.jsonl"
# Memory bounded by live stories: the same binary on the first quarter.
head -n $((n / 4)) "$stream" > "$dir/quarter.jsonl"
run "newsweave (first quarter)" "$dir/quarter.jsonl" "$dir/out-quarter.jsonl"

head -n "$peer" "$stream" > "$dir/slice.jsonl"
head -n "$peer" "$gold" > "$dir/slice.gold.jsonl"
run "newsweave (peer slice)" "$dir/slice.jsonl" "$dir/out-slice.jsonl"
python3 "$here/bench_cluster_peer.py" "$dir/slice.jsonl" "$peer" > "$dir/peer-slice.jsonl"

# Quality on the synthetic stories of the slice (a sanity check only: the
# recombined sentences overlap across stories far more than real news).
score=/work/shared/eval/stories/score.py
[ -f "$here/../../shared/eval/stories/score.py" ] && score="$here/../../shared/eval/stories/score.py"
if [ -f "$score" ]; then
  echo "slice quality, newsweave: $(python3 "$score" "$dir/slice.gold.jsonl" "$dir/out-slice.jsonl" | tail -1)"
  echo "slice quality, peer:      $(python3 "$score" "$dir/slice.gold.jsonl" "$dir/peer-slice.jsonl" | tail -1)"
fi
