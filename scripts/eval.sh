#!/usr/bin/env bash
# Runs every contract command on the development data in ../shared/eval and
# prints the scores and throughput. Needs: pip install rouge-score nltk
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
OUT=${OUT:-out/eval}
mkdir -p "$OUT"
cargo build --release -q -p newsweave-cli
# Copy the binary: other checkouts sharing CARGO_TARGET_DIR may overwrite it.
NW=$OUT/newsweave
cp "${CARGO_TARGET_DIR:-target}/release/newsweave" "$NW"

timed() { # label, then the command; prints wall seconds to stderr
  local label=$1; shift
  local t0=$(date +%s.%N)
  "$@"
  local t1=$(date +%s.%N)
  echo "$label: $(echo "$t1 - $t0" | bc) s" >&2
}

echo "== extraction (F1 / precision / recall)"
timed extract bash -c "zcat '$EVAL/extraction/pages.jsonl.gz' | $NW extract --input - > '$OUT/extract.jsonl'"
python3 "$EVAL/extraction/score.py" "$EVAL/extraction/gold.jsonl" "$OUT/extract.jsonl"
echo "== extraction, WCXB dev (F1 / precision / recall)"
timed extract-wcxb bash -c "zcat '$EVAL/extraction-wcxb/pages.jsonl.gz' | $NW extract --input - > '$OUT/extract-wcxb.jsonl'"
python3 "$EVAL/extraction/score.py" "$EVAL/extraction-wcxb/gold.jsonl" "$OUT/extract-wcxb.jsonl"

echo "== summaries (ROUGE, multinews protocol)"
python3 -c "
import json,sys
with open('$EVAL/summarize/multinews-dev.jsonl') as f, open('$OUT/summarize-in.jsonl','w') as o:
    for l in f:
        d=json.loads(l); d.pop('summaries',None); o.write(json.dumps(d)+'\n')"
timed summarize $NW summarize --input "$OUT/summarize-in.jsonl" --words 264 --output "$OUT/summarize.jsonl"
python3 "$EVAL/summarize/score.py" --gold "$EVAL/summarize/multinews-dev.jsonl" --pred "$OUT/summarize.jsonl" --protocol multinews

echo "== quotes"
for f in polnear-dev riqua-dev; do
  python3 -c "
import json
with open('$EVAL/quotes/$f.jsonl') as f, open('$OUT/$f-in.jsonl','w') as o:
    for l in f:
        d=json.loads(l); o.write(json.dumps({'id':d['id'],'text':d['text']})+'\n')"
  timed "quotes $f" $NW quotes --input "$OUT/$f-in.jsonl" --output "$OUT/$f.jsonl"
  echo "-- $f, all attributions"
  python3 "$EVAL/quotes/score.py" --gold "$EVAL/quotes/$f.jsonl" --pred "$OUT/$f.jsonl"
  echo "-- $f, quoted only (direct, mixed)"
  python3 "$EVAL/quotes/score.py" --gold "$EVAL/quotes/$f.jsonl" --pred "$OUT/$f.jsonl" --gold-kinds direct,mixed
  echo "-- $f, quoted only, our indirect predictions left out (--pred-kinds, as score.py documents)"
  python3 "$EVAL/quotes/score.py" --gold "$EVAL/quotes/$f.jsonl" --pred "$OUT/$f.jsonl" --gold-kinds direct,mixed --pred-kinds direct,mixed
done

echo "== stories (B3)"
timed cluster $NW cluster --input "$EVAL/stories/multinews-dev-stream.jsonl" --output "$OUT/cluster.jsonl"
python3 "$EVAL/stories/score.py" "$EVAL/stories/multinews-dev-gold.jsonl" "$OUT/cluster.jsonl"

echo "== analyze throughput on the 270-article stream"
n=$(wc -l < "$EVAL/stories/multinews-dev-stream.jsonl")
t0=$(date +%s.%N)
$NW analyze "$EVAL/stories/multinews-dev-stream.jsonl" --format json --output "$OUT/analyze.json"
t1=$(date +%s.%N)
echo "analyze: $n articles in $(echo "$t1 - $t0" | bc) s = $(echo "$n / ($t1 - $t0)" | bc) articles/s"
