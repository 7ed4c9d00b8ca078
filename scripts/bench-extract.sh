#!/usr/bin/env bash
# Extraction speed bench (issue 16): trafilatura (Python, from pip) and
# `newsweave extract` on the same pages, in one run, for each page set
# given; prints pages per CPU-second of one thread for both, and the ratio.
#
# usage: scripts/bench-extract.sh [PAGES.jsonl.gz ...]
#   default: ../shared/eval/extraction/pages.jsonl.gz and
#   ../shared/eval/extraction-wcxb/pages.jsonl.gz ({"id","html","url"} lines).
# env: REPEAT (default 3): newsweave reads each set this many times, so that
#   its run lasts long enough to time; CARGO_TARGET_DIR (where the release
#   binary is).
#
# CPU time, not wall time: the machine may be shared. trafilatura's time is
# its process CPU time over the extraction calls only (JSON decoding of the
# input left out); newsweave's is user + system time of the whole command on
# one thread (RAYON_NUM_THREADS=1): reading, extracting and writing JSON.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -eq 0 ]; then
  set -- "$here/../../shared/eval/extraction/pages.jsonl.gz" \
    "$here/../../shared/eval/extraction-wcxb/pages.jsonl.gz"
fi
repeat="${REPEAT:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c "import trafilatura" 2>/dev/null || pip install -q trafilatura lxml_html_clean >&2
(cd "$here/.." && cargo build --release -q -p newsweave-cli)
cp "${CARGO_TARGET_DIR:-$here/../target}/release/newsweave" "$work/newsweave"
echo "trafilatura $(python3 -c 'import trafilatura; print(trafilatura.__version__)'), newsweave $("$work/newsweave" --version | cut -d' ' -f2); $(nproc) cores, one thread each"

for pages in "$@"; do
  zcat -f "$pages" > "$work/once.jsonl"
  for _ in $(seq "$repeat"); do cat "$work/once.jsonl"; done > "$work/pages.jsonl"
  n=$(wc -l < "$work/once.jsonl")
  # trafilatura: pages per CPU-second, and its slowest page.
  traf=$(python3 - "$work/once.jsonl" <<'PY'
import json, sys, time
import trafilatura
pages = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
total = 0.0
for p in pages:
    t0 = time.process_time()
    trafilatura.extract(p["html"], url=p.get("url"), output_format="json", with_metadata=True)
    total += time.process_time() - t0
print(f"{len(pages) / total:.1f}")
PY
)
  # newsweave: CPU seconds (user + sys) of the whole run on one thread.
  /usr/bin/time -o "$work/cpu" -f "%U %S" env RAYON_NUM_THREADS=1 "$work/newsweave" extract -q \
    --input "$work/pages.jsonl" > /dev/null 2> "$work/skips" || true
  cpu=$(tail -1 "$work/cpu")
  ours=$(echo "$cpu" | awk -v n="$((n * repeat))" '{ printf "%.1f", n / ($1 + $2) }')
  ratio=$(echo "$ours $traf" | awk '{ printf "%.1f", $1 / $2 }')
  printf "%s: %d pages\n" "$(basename "$(dirname "$pages")")" "$n"
  printf "  trafilatura  %8s pages/CPU-s\n" "$traf"
  printf "  newsweave    %8s pages/CPU-s  (%sx trafilatura)\n" "$ours" "$ratio"
done
