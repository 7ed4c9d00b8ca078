#!/usr/bin/env bash
# Load test on loopback, bounded in time: reads and writes together against
# a server started here on the seeds. One wrk cycles through the pages and
# the read API (story page, story JSON, story list, searches, health) while
# another POSTs new articles, both for DURATION. Prints requests/s and p99
# latency of each, the statuses seen, and the server's peak memory; exits 1
# when any response was an error other than a 503 with Retry-After, or a
# request failed on the socket (wrk waits up to 15 s for an answer, longer
# than a write may wait for the store).
#
#   NEWSWEAVE_BIN  binary (default: target/debug/newsweave; use a release build for real numbers)
#   SEEDS          seed articles (default: ../shared/seeds)
#   DURATION       of the run (default: 30s); READERS / WRITERS connections (default: 16 / 2)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${NEWSWEAVE_BIN:-${CARGO_TARGET_DIR:-target}/debug/newsweave}
seeds=${SEEDS:-../shared/seeds}
duration=${DURATION:-30s}
readers=${READERS:-16}
writers=${WRITERS:-2}
command -v wrk >/dev/null || { echo "load.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$bin" -q ingest "$seeds" --db "$tmp/news.db" >/dev/null
echo load >"$tmp/token"
"$bin" serve --db "$tmp/news.db" --addr 127.0.0.1:0 --token-file "$tmp/token" 2>"$tmp/serve.log" &
pid=$!
base=
for _ in $(seq 100); do
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "load.sh: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
story=$(curl -sf "$base/api/stories" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# Counts statuses in every wrk thread; an error other than a 503 that
# carries Retry-After is "bad". done() prints one line for the run.
cat >"$tmp/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
counts = {}
bad = 0
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  local retry = headers["retry-after"] or headers["Retry-After"]
  if status >= 400 and not (status == 503 and retry) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total, b = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
    b = b + t:get("bad")
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do table.insert(parts, k .. "=" .. total[k]) end
  io.write(string.format("STATS %.1f %.1f %s bad=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    table.concat(parts, ","), b,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

cat "$tmp/count.lua" - >"$tmp/read.lua" <<'LUA'
local paths = {}
local n = 0
function init(args)
  local story = args[1]
  paths = { "/stories/" .. story, "/api/stories/" .. story, "/", "/api/stories",
            "/api/search?q=napalm", "/search?q=said+minister", "/api/search?q=" ..
            string.rep("said+", 200), "/health" }
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA

cat "$tmp/count.lua" - >"$tmp/write.lua" <<'LUA'
local n = 0
function request()
  n = n + 1
  local id = "load-" .. math.random(1, 1000000000) .. "-" .. n
  local body = '{"id":"' .. id .. '","outlet":"Load ' .. (n % 5) ..
    '","text":"Council of Town ' .. n .. ' approved ' .. n ..
    ' new homes on Monday, the mayor said. \\"We need more,\\" Mayor Jane Smith told reporters."}'
  return wrk.format("POST", "/api/articles",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer load"}, body)
end
LUA

report() { # name, wrk output
  local stats
  stats=$(grep '^STATS' <<<"$2") || { echo "load.sh: wrk failed for $1:" >&2; echo "$2" >&2; exit 1; }
  read -r _ rps p99 statuses bad errors <<<"$stats"
  printf '%-8s %9s req/s   p99 %8s ms   statuses %s   %s   socket %s\n' \
    "$1" "$rps" "$p99" "$statuses" "$bad" "$errors"
  [ "$bad" = "bad=0" ] && [ "$errors" = "errors=0" ]
}

hwm() { awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$pid/status"; }
echo "newsweave load: reads ($readers connections) and writes ($writers) together for $duration, $(nproc) cores, $bin"
echo "server peak memory before: $(hwm)"
# `timeout` bounds each run even if wrk hangs.
limit=$(( ${duration%s} + 30 ))
timeout "$limit" wrk --latency --timeout 15s -t 2 -c "$readers" -d "$duration" -s "$tmp/read.lua" "$base" -- "$story" >"$tmp/read.out" 2>&1 &
rpid=$!
timeout "$limit" wrk --latency --timeout 15s -t 1 -c "$writers" -d "$duration" -s "$tmp/write.lua" "$base" >"$tmp/write.out" 2>&1 &
wpid=$!
wait "$rpid" || true
wait "$wpid" || true
ok=0
report reads "$(cat "$tmp/read.out")" || ok=1
report writes "$(cat "$tmp/write.out")" || ok=1
echo "server peak memory: $(hwm); articles stored after the run: $(curl -sf "$base/health")"
[ "$ok" = 0 ] || { echo "load.sh: error responses other than 503 with Retry-After" >&2; exit 1; }
