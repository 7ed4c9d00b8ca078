#!/usr/bin/env bash
# WARC bench (issue 15): pages per CPU-second of `newsweave extract` and
# `newsweave analyze` on the 91 pages of the extraction benchmark, read from
# a WARC file (one gzip member per record, with the request and warcinfo
# records a crawler writes) against the same pages as gzipped JSONL. The
# WARC path should cost little beyond extraction.
#
# usage: scripts/bench-warc.sh [RUNS]   (default 5; the median run is shown)
# env:   CARGO_TARGET_DIR, BENCH_DIR (default /tmp/newsweave-bench-warc)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-5}"
dir="${BENCH_DIR:-/tmp/newsweave-bench-warc}"
pages="$here/../../shared/eval/extraction/pages.jsonl.gz"
mkdir -p "$dir"
(cd "$here/.." && cargo build --release -q -p newsweave-cli)
cp "${CARGO_TARGET_DIR:-$here/../target}/release/newsweave" "$dir/newsweave"
bin="$dir/newsweave"
cp "$pages" "$dir/pages.jsonl.gz"
python3 "$here/make_warc.py" "$dir/pages.warc.gz" --jsonl "$pages"
n=$(python3 -c "import gzip,sys; print(sum(1 for l in gzip.open(sys.argv[1]) if l.strip()))" "$pages")
echo "pages: $n; JSONL.gz $(du -h "$dir/pages.jsonl.gz" | cut -f1), WARC.gz $(du -h "$dir/pages.warc.gz" | cut -f1); $(nproc) cores"

cpu() { # prints user+sys seconds of one run of the command
  /usr/bin/time -f "%U %S" -o "$dir/time.txt" "$@" > "$dir/out.txt" 2> /dev/null
  awk '{print $1 + $2}' "$dir/time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bench() { # label, command...
  local label="$1"; shift
  local secs
  secs=$(for _ in $(seq "$runs"); do cpu "$@"; done | median)
  awk -v l="$label" -v s="$secs" -v n="$n" 'BEGIN {printf "%-26s %6.2f CPU-s  %7.1f pages/CPU-s\n", l, s, n / s}'
  echo "$secs"  > "$dir/last.txt"
}
bench "extract  JSONL (--input)" "$bin" extract -q --input "$dir/pages.jsonl.gz"
jsonl=$(cat "$dir/last.txt")
bench "extract  WARC" "$bin" extract -q "$dir/pages.warc.gz"
warc=$(cat "$dir/last.txt")
awk -v w="$warc" -v j="$jsonl" 'BEGIN {printf "extract: WARC / JSONL CPU time = %.3f\n", w / j}'
bench "analyze  JSONL" "$bin" analyze -q --format json "$dir/pages.jsonl.gz"
jsonl=$(cat "$dir/last.txt")
bench "analyze  WARC" "$bin" analyze -q --format json "$dir/pages.warc.gz"
warc=$(cat "$dir/last.txt")
awk -v w="$warc" -v j="$jsonl" 'BEGIN {printf "analyze: WARC / JSONL CPU time = %.3f\n", w / j}'
