#!/usr/bin/env bash
# What stalls the service under a read load (issue 28): the service on its embedded default, one
# conversation's reference context read with wrk -t2 -c32 (20 s of warm-up, then DURATION s) while
# admin /metrics is read every 0.5 s (as the load harness does), with -Xlog:gc,safepoint. Prints,
# per jar: req/s, the safepoints by cause (count, total, max) and the allocation rate from the
# young collections. Jars alternate when several are given.
#
#   bench/stalls.sh application/target/parley.jar [other.jar ...]
#
# Settings: DURATION (s, 60), ROUNDS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
ROUNDS=${ROUNDS:-1}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=stalls-admin-key-0123456789abcdef
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

measure() { # jar
  local jar=$1 pid dir admin=18481 base tenant key conversation path out gclog
  gclog=$(mktemp) # the service's GC and safepoint log
  start_service "$jar" 18480 $ADMIN "-Xlog:gc,safepoint:file=$gclog:uptime,level,tags"
  new_tenant "$base" "$ADMIN"
  conversation=$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"channel":"whatsapp","customer":{"address":"+254700000123"}}' | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  path="/v1/tenants/$tenant/conversations/$conversation"
  curl -fsS -o /dev/null -X PUT "$base$path/reference-context" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d '{"listType":"products","ttlSeconds":3600,"items":[{"id":"a","title":"Nike Air Max Red"},{"id":"b","title":"Adidas Superstar White"}]}'
  printf 'GET\t%s\t%s\t\n' "$path/reference-context" "$key" >"$dir/requests"
  wrk -t2 -c32 -d20s -s $LUA "$base" -- "$dir/requests" warm >/dev/null 2>&1
  local started
  started=$(ps -o etimes= -p $pid | tr -d ' ')
  (end=$((SECONDS + DURATION)); while [ $SECONDS -lt $end ]; do
    curl -fsS -o /dev/null -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$admin/metrics" || true
    sleep 0.5
  done) &
  local poller=$!
  out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$dir/requests" run 2>&1)
  wait $poller || true
  kill $pid; wait $pid 2>/dev/null || true
  echo "$jar: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s"
  # the window measured, in the JVM's uptime: from the end of the warm-up on
  python3 - "$gclog" "$started" <<'PY'
import re, sys, collections
since = float(sys.argv[2])
count = collections.Counter(); total = collections.defaultdict(float); worst = collections.defaultdict(float)
allocated = 0; previous = None; first = last = None
for line in open(sys.argv[1]):
    m = re.match(r'\[(\d+\.\d+)s\].*Safepoint "([^"]+)".*Total: (\d+) ns', line)
    if m and float(m.group(1)) >= since:
        k = m.group(2); v = int(m.group(3)) / 1e6
        count[k] += 1; total[k] += v; worst[k] = max(worst[k], v)
    m = re.match(r'\[(\d+\.\d+)s\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) [\d.]+ms$', line)
    if m:
        t = float(m.group(1))
        if previous is not None and t >= since:
            allocated += int(m.group(2)) - previous
            first = first or t; last = t
        previous = int(m.group(3))
for k, v in count.most_common(6):
    print('  %-28s %5d  total %8.1f ms  max %6.1f ms' % (k, v, total[k], worst[k]))
if first and last > first:
    print('  allocated %.0f MB/s' % (allocated / (last - first)))
PY
  rm -rf "$dir" "$gclog"
}

for round in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    measure "$jar"
  done
done
