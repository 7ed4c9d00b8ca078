#!/usr/bin/env bash
# Speed of `newsweave summarize --words 264` against sumy's LexRank on the
# Multi-News dev clusters, in one run, plus the 140,000-word-document case.
#
#   scripts/bench-summarize.sh            # needs: pip install sumy rouge-score nltk
#   SCORE=0 scripts/bench-summarize.sh    # skip the ROUGE lines
#
# Both tools are timed in CPU seconds (user + system) on the same 100
# clusters. newsweave: the whole process (start-up, JSON in and out, HTML
# sniffing, segmentation, summarising), best of RUNS runs; its rayon threads'
# time is summed, so CPU time is what one core would need. LexRank: the
# Python process's own CPU time in sumy's parser and summariser only (reading
# and writing files and importing modules not counted), which favours sumy.
# Wall times are printed too.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
OUT=${OUT:-out/bench}
RUNS=${RUNS:-5}
export EVAL
mkdir -p "$OUT"
DEV="$EVAL/summarize/multinews-dev.jsonl"
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p newsweave-cli
# A private copy: the target directory may be shared with other builds.
cp "$TARGET/release/newsweave" "$OUT/newsweave"
NW="$OUT/newsweave"

python3 - "$DEV" "$OUT/in.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for line in f:
        d = json.loads(line)
        d.pop("summaries", None)
        o.write(json.dumps(d) + "\n")
EOF
n=$(wc -l < "$OUT/in.jsonl")

# cpu_time OUTFILE CMD...: runs CMD, prints "cpu wall" seconds.
cpu_time() {
  local t=$OUT/time.txt
  /usr/bin/time -f "%U %S %e" -o "$t" "$@"
  awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$t"
}

best_cpu=""
best_wall=""
for _ in $(seq "$RUNS"); do
  read -r cpu wall < <(cpu_time "$NW" summarize -q --input "$OUT/in.jsonl" --words 264 --output "$OUT/newsweave.jsonl")
  if [ -z "$best_cpu" ] || awk "BEGIN{exit !($cpu < $best_cpu)}"; then best_cpu=$cpu; best_wall=$wall; fi
done
nw_rate=$(awk "BEGIN{printf \"%.1f\", $n / ($best_cpu > 0.001 ? $best_cpu : 0.001)}")
echo "newsweave: $n clusters, CPU $best_cpu s (wall $best_wall s, best of $RUNS), $nw_rate clusters/s"

t0=$(date +%s.%N)
lex=$(python3 scripts/sumy_lexrank.py "$OUT/in.jsonl" "$OUT/lexrank.jsonl" 264)
t1=$(date +%s.%N)
lex_rate=$(echo "$lex" | sed -E 's/.*, ([0-9.]+) clusters\/s/\1/')
echo "$lex (wall $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s with imports and I/O)"
echo "ratio (CPU clusters/s): $(awk "BEGIN{printf \"%.0f\", $nw_rate / $lex_rate}")x (target >= 100x)"

if [ "${SCORE:-1}" != 0 ]; then
  for tool in newsweave lexrank; do
    echo "-- ROUGE $tool"
    python3 "$EVAL/summarize/score.py" --gold "$DEV" --pred "$OUT/$tool.jsonl" --protocol multinews | sed -n 2p
  done
fi

# The 140,000-word page dump: dev sentences shuffled into one document of
# 140,000 words in short paragraphs, in a cluster with two ordinary articles.
python3 - "$OUT/in.jsonl" "$OUT/big.jsonl" <<'EOF'
import json, random, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sents = [s for r in rows for d in r["documents"] for s in re.split(r"(?<=[.!?])\s+", d) if s.strip()]
rng = random.Random(4)
out, words = [], 0
while words < 140_000:
    para = " ".join(rng.choice(sents).strip() for _ in range(rng.randint(1, 5)))
    out.append(para)
    words += len(para.split())
dump = "\n\n".join(out)
docs = [dump] + rows[0]["documents"][:2]
json.dump({"id": "big", "documents": docs}, open(sys.argv[2], "w"))
print(f"140k case: documents of {', '.join(str(len(d.split())) for d in docs)} words")
EOF
read -r cpu wall < <(cpu_time "$NW" summarize -q --input "$OUT/big.jsonl" --words 264 --output "$OUT/big-out.jsonl")
echo "140k case: newsweave CPU $cpu s, wall $wall s (whole process)"
