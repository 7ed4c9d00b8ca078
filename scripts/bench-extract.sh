#!/usr/bin/env bash
# Extraction speed bench (issue 3): trafilatura (Python, from pip) and
# `newsweave extract` on the same pages, in one run; prints pages/s for both
# and the ratio. newsweave runs each extraction path (`--path full`, `agree`,
# `hybrid`, `fast`) twice: on one thread (RAYON_NUM_THREADS=1, like trafilatura's
# single process) and on every core. Each line names the path it measured.
#
# usage: scripts/bench-extract.sh [PAGES.jsonl.gz] [REPEAT]
# env: PATHS, the paths to run (default "full agree hybrid fast").
#   PAGES defaults to ../shared/eval/extraction/pages.jsonl.gz ({"id","html","url"}
#   lines); the pages are repeated REPEAT times (default 3) so that each run
#   lasts long enough to time.
# env: CARGO_TARGET_DIR (where the release binary is).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pages="${1:-$here/../../shared/eval/extraction/pages.jsonl.gz}"
repeat="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c "import trafilatura" 2>/dev/null || pip install -q trafilatura lxml_html_clean >&2
(cd "$here/.." && cargo build --release -q -p newsweave-cli)
cp "${CARGO_TARGET_DIR:-$here/../target}/release/newsweave" "$work/newsweave"

for _ in $(seq "$repeat"); do zcat -f "$pages"; done > "$work/pages.jsonl"
n=$(wc -l < "$work/pages.jsonl")
bytes=$(wc -c < "$work/pages.jsonl")
echo "pages: $n ($((bytes / 1024 / 1024)) MiB of JSONL), $(nproc) cores"

# trafilatura: parse and extract each page, timed inside the process (JSON
# decoding of the input lines is left out of its time).
traf=$(python3 - "$work/pages.jsonl" <<'PY'
import json, sys, time
import trafilatura
pages = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
t0 = time.perf_counter()
for p in pages:
    trafilatura.extract(p["html"], url=p.get("url"), output_format="json", with_metadata=True)
print(f"{len(pages) / (time.perf_counter() - t0):.1f}")
PY
)

run() { # path, threads -> pages/s, end to end (reading, extracting, writing JSON)
  local t0 t1
  t0=$(date +%s.%N)
  RAYON_NUM_THREADS=$2 "$work/newsweave" extract -q --path "$1" --input "$work/pages.jsonl" > /dev/null
  t1=$(date +%s.%N)
  echo "$n / ($t1 - $t0)" | bc -l | xargs printf "%.1f"
}
ratio() { echo "$1 / $2" | bc -l | xargs printf "%.2f"; }
echo "trafilatura $(python3 -c 'import trafilatura; print(trafilatura.__version__)'), 1 process: $traf pages/s"
for path in ${PATHS:-full agree hybrid fast}; do
  one=$(run "$path" 1)
  all=$(run "$path" "$(nproc)")
  printf "newsweave --path %-6s 1 thread:   %7s pages/s  (%sx trafilatura)\n" "$path" "$one" "$(ratio "$one" "$traf")"
  printf "newsweave --path %-6s %s threads:  %7s pages/s  (%sx trafilatura)\n" "$path" "$(nproc)" "$all" "$(ratio "$all" "$traf")"
done
