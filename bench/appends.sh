#!/usr/bin/env bash
# Single appends with a providerMessageId (issue 28): the service on its embedded default, 64
# conversations, wrk -t2 -c32, WARMUP s of warm-up, then PASSES passes of DURATION s. Prints per
# pass: appends/s, p50/p99, non-2xx, the CPU per append of the service, PostgreSQL and Redis (from
# /proc over the pass), and what the JIT compiled during the pass (jstat -compiler: methods and
# seconds of compile time). Jars alternate for ROUNDS when several are given. The service's CPU per
# append falls by more than half over its first 1-2 minutes of this load (the JIT, on 2 shared
# cores: bench/results/2026-12-07/appends-warmup.md), hence the long warm-up;
# WARMUP=0 PASSES=15 shows that curve.
#
#   bench/appends.sh application/target/parley.jar [other.jar ...]
#
# Settings: WARMUP (s, 150; 0: none), DURATION (s, 20), PASSES (2), ROUNDS (2), PROVIDER_IDS (1; 0:
# none), JVM_OPTIONS (the service's, e.g. "-XX:CICompilerCount=3"), ASYNC_PROFILER (path of
# libasyncProfiler.so: a CPU profile of every pass, collapsed stacks, into PROFILES, default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-150}
DURATION=${DURATION:-20}
PASSES=${PASSES:-2}
ROUNDS=${ROUNDS:-2}
PROVIDER_IDS=${PROVIDER_IDS:-1}
PROFILES=${PROFILES:-/tmp}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=appends-admin-key-0123456789abcdef
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

cpu() { # PID -> CPU ticks by process kind: service (the process PID), postgres, redis
  python3 - "$1" <<'PY'
import os, sys
service = sys.argv[1]
kinds = {'service': 0, 'postgres': 0, 'redis': 0}
for p in os.listdir('/proc'):
    if not p.isdigit():
        continue
    try:
        stat = open('/proc/%s/stat' % p).read()
    except OSError:
        continue
    comm = stat[stat.index('(') + 1:stat.rindex(')')]
    fields = stat[stat.rindex(')') + 2:].split()
    ticks = int(fields[11]) + int(fields[12])
    if p == service:
        kinds['service'] += ticks
    elif 'postgres' in comm:
        kinds['postgres'] += ticks
    elif 'redis' in comm:
        kinds['redis'] += ticks
print(kinds['service'], kinds['postgres'], kinds['redis'])
PY
}

measure() { # jar -> one line per pass
  local jar=$1 pid dir base tenant key requests
  # shellcheck disable=SC2086 # JVM_OPTIONS: options for the service's JVM, split on spaces
  start_service "$jar" 18480 $ADMIN ${JVM_OPTIONS:-}
  new_tenant "$base" "$ADMIN"
  requests=$dir/requests
  local id=""
  [ "$PROVIDER_IDS" = 1 ] && id=',"providerMessageId":"wamid.#N#"'
  append_lines "$requests" "$id"
  [ "$WARMUP" = 0 ] || wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$requests" warm >/dev/null 2>&1
  for pass in $(seq 1 "$PASSES"); do
    local before after out n
    before=$(cpu $pid)
    local compiled0 compiled1
    compiled0=$(jstat -compiler $pid | awk 'NR == 2 {print $1, $4}')
    [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
      "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
    out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$requests" "p$pass" 2>&1)
    after=$(cpu $pid)
    [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
      "\"stop,file=$PROFILES/$(basename "$jar" .jar)-append-$pass-$(date +%s).collapsed,collapsed\"" \
      >/dev/null
    compiled1=$(jstat -compiler $pid | awk 'NR == 2 {print $1, $4}')
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$pass $(echo "$out" | awk '/Requests\/sec/ {print $2}') \
$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p') \
$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p') \
$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p') \
$(awk -v n="$n" -v b="$before" -v a="$after" 'BEGIN {split(b, x, " "); split(a, y, " ");
  for (i = 1; i <= 3; i++) printf "%.2f ", (y[i] - x[i]) * 10 / n}') \
$(echo "$compiled0 $compiled1" | awk '{printf "%d %.1f", $3 - $1, $4 - $2}')"
  done
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
}

echo "| jar | round | pass | appends/s | p50 µs | p99 µs | non-2xx | CPU ms per append: service | PostgreSQL | Redis | JIT: methods compiled | compile s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    measure "$jar" | while read -r pass rps p50 p99 errors service postgres redis methods compile; do
      echo "| $jar | $round | $pass | $rps | $p50 | $p99 | $errors | $service | $postgres | $redis | $methods | $compile |"
    done
  done
done
