#!/usr/bin/env bash
# Load test on loopback, bounded in time: wrk against a story page, the
# search API and POST /api/articles of a server started here on the seeds.
# Prints requests/s and the p99 latency of each.
#
#   NEWSWEAVE_BIN  binary (default: target/debug/newsweave; use a release build for real numbers)
#   SEEDS          seed articles (default: ../shared/seeds)
#   DURATION       per run (default: 10s); CONNECTIONS (default: 8)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${NEWSWEAVE_BIN:-${CARGO_TARGET_DIR:-target}/debug/newsweave}
seeds=${SEEDS:-../shared/seeds}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
command -v wrk >/dev/null || { echo "load.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$bin" -q ingest "$seeds" --db "$tmp/news.db" >/dev/null
"$bin" serve --db "$tmp/news.db" --addr 127.0.0.1:0 --token load 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "load.sh: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
story=$(curl -sf "$base/api/stories" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

cat >"$tmp/post.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local id = "load-" .. math.random(1, 1000000000) .. "-" .. counter
  local body = '{"id":"' .. id .. '","outlet":"Load ' .. (counter % 5) ..
    '","text":"Council of Town ' .. counter .. ' approved ' .. counter ..
    ' new homes on Monday, the mayor said. \\"We need more,\\" Mayor Jane Smith told reporters."}'
  return wrk.format("POST", nil,
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer load"}, body)
end
LUA

run() { # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk --latency -d "$duration" "$@")
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-22s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
}
echo "newsweave load ($duration per run, $connections connections, $(nproc) cores, $bin)"
run "GET /stories/$story" -t 2 -c "$connections" "$base/stories/$story"
run "GET /api/search" -t 2 -c "$connections" "$base/api/search?q=napalm"
run "POST /api/articles" -t 1 -c 2 -s "$tmp/post.lua" "$base/api/articles"
echo "articles stored after the run: $(curl -sf "$base/health")"
