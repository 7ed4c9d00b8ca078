#!/usr/bin/env bash
# Spark bench (issue 15): the Spark job (examples/spark/newsweave_job.py)
# with local[1] and local[2] on N articles (default 20,000) of the
# bench-cluster generator, split into 8 JSONL files in stream order,
# beside `newsweave analyze` (release) on the same files. Prints
# articles/s, the speed-up of local[2] over local[1], and whether the
# stories are the same as analyze's. Not run by CI: it takes minutes.
#
# usage: scripts/bench-spark.sh [N]
# env:   CARGO_TARGET_DIR, BENCH_DIR (default /tmp/newsweave-bench-spark)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/.."
n="${1:-20000}"
dir="${BENCH_DIR:-/tmp/newsweave-bench-spark}"
mkdir -p "$dir"
(cd "$repo" && cargo build --release -q -p newsweave-cli)
cp "${CARGO_TARGET_DIR:-$repo/target}/release/newsweave" "$dir/newsweave"
python3 -c "import pyspark" 2>/dev/null || pip install -q pyspark pyarrow
# The package, built optimised into its own wheel.
python3 -m pip install -q maturin
(cd "$repo" && maturin build --release -q -m crates/newsweave-py/Cargo.toml -o "$dir/wheel")
python3 -m pip install -q --force-reinstall --no-deps "$dir"/wheel/newsweave-*.whl

input="$dir/input-$n"
if [ ! -d "$input" ]; then
  python3 "$here/bench_cluster_stream.py" "$n" "$dir/stream-$n.jsonl"
  mkdir -p "$input"
  split -n l/8 -d --additional-suffix=.jsonl "$dir/stream-$n.jsonl" "$input/part-"
fi
echo "input: $n articles in $(ls "$input" | wc -l) files, $(du -sh "$input" | cut -f1); $(nproc) cores"

start=$(date +%s.%N)
"$dir/newsweave" analyze -q --format json "$input" > "$dir/analyze.json"
end=$(date +%s.%N)
analyze_secs=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
awk -v s="$analyze_secs" -v n="$n" 'BEGIN {printf "newsweave analyze (2 threads) %7.1f s  %7.1f articles/s\n", s, n / s}'

for master in 'local[1]' 'local[2]'; do
  (cd "$repo" && python3 - "$input" "$dir" "$n" "$master" <<'PY'
import json, sys
sys.path.insert(0, "examples/spark")
import newsweave_job
input_dir, out_dir, n, master = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
spark = newsweave_job.session(master)
got = newsweave_job.run(spark, [input_dir], None)
spark.stop()
want = json.load(open(f"{out_dir}/analyze.json"))
same = sorted(s["articles"] for s in got["reports"]) == sorted(s["articles"] for s in want["stories"])
quotes = {s["id"]: s["quotes"] for s in got["reports"]} == {s["id"]: s["quotes"] for s in want["stories"]}
print(f"spark {master:<9} {got['seconds']:7.1f} s  {got['articles'] / got['seconds']:7.1f} articles/s"
      f"  (read+prepare+assign {got['read_prepare_assign_seconds']:.1f} s; {got['stories']} stories;"
      f" same stories as analyze: {same}, same quotes: {quotes})")
with open(f"{out_dir}/spark-{master}.txt", "w") as f:
    f.write(str(got["seconds"]))
PY
  )
done
awk -v a="$(cat "$dir/spark-local[1].txt")" -v b="$(cat "$dir/spark-local[2].txt")" \
  'BEGIN {printf "speed-up local[2] / local[1]: %.2fx\n", a / b}'
