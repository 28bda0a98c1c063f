#!/usr/bin/env bash
# Strict reads at near-cache speed (issue 23), measured as the issue measured them: the service on
# its embedded default, one conversation (30 messages, a 5-item reference list), wrk -t2 -c32 per
# endpoint, each as a ratio to the application's own GET /ping in the same run. Jars alternate
# when several are given (before/after), so both see the same machine.
#
#   bench/strict-reads.sh application/target/parley.jar [other.jar ...]
#
# Settings: WARMUP (s, all read endpoints together, 180: the JIT takes minutes on 2 shared cores),
# DURATION (s per measurement, 10), PASSES (over the endpoints per service start, 3), ROUNDS
# (alternations of the jars, 1), ENDPOINTS (the reads measured, "context-get resolve newest-page
# agent-context"), WRITES (1: then appends and context PUTs; 0: none), ASYNC_PROFILER (path of
# libasyncProfiler.so: a CPU profile of every measurement, collapsed stacks, into PROFILES, default
# /tmp). The service CPU per request comes from /proc: steadier than req/s when wrk shares the 2
# cores.
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-180}
DURATION=${DURATION:-10}
PASSES=${PASSES:-3}
ROUNDS=${ROUNDS:-1}
ENDPOINTS=${ENDPOINTS:-context-get resolve newest-page agent-context}
WRITES=${WRITES:-1}
PROFILES=${PROFILES:-/tmp}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=strict-reads-admin-key-0123456789
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

measure() { # jar -> prints one line per endpoint
  local jar=$1 pid dir base tenant key path requests
  start_one_conversation "$jar" 18480 $ADMIN
  requests=$(mktemp)
  declare -A lines
  read_lines
  ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # the service's CPU, user + system
  run() { # name -> "name req/s p50 p99 non-2xx cpu-µs-per-request"
    printf '%s\n' "${lines[$1]}" >"$requests"
    local out rps p50 p99 errors before cpu
    before=$(ticks)
    [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
      "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
    out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$requests" "run$RANDOM" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p')
    p99=$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p')
    errors=$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p')
    [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
      "\"stop,file=$PROFILES/$(basename "$jar" .jar)-$1-$(date +%s).collapsed,collapsed\"" >/dev/null
    cpu=$(awk -v t=$(($(ticks) - before)) -v hz="$(getconf CLK_TCK)" -v r="$rps" -v d="$DURATION" \
      'BEGIN {printf "%.0f", t / hz * 1e6 / (r * d)}')
    echo "$1 $rps $p50 $p99 $errors $cpu"
  }
  # One warm-up for every read endpoint together (the JIT compiles the shared request path once),
  # then PASSES passes, each measuring /ping right before every endpoint: each ratio is to the
  # /ping of the same minute. Writes last (they extend the window the reads use).
  printf '%s\n' "${lines[ping]}" "${lines[context-get]}" "${lines[resolve]}" \
    "${lines[newest-page]}" "${lines[agent-context]}" >"$requests"
  wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$requests" warm >/dev/null 2>&1
  for pass in $(seq 1 "$PASSES"); do
    for endpoint in $ENDPOINTS; do
      echo "$pass $(run ping)"
      echo "$pass $(run $endpoint)"
    done
  done
  if [ "$WRITES" = 1 ]; then
    echo "1 $(run append)"
    echo "1 $(run context-put)"
  fi
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir" "$requests"
}

echo "| jar | round | pass | endpoint | req/s | x the /ping just before | p50 µs | p99 µs | non-2xx | service CPU µs/request | x /ping's |"
echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    ping="" pingcpu=""
    measure "$jar" | while read -r pass name rps p50 p99 errors cpu; do
      if [ "$name" = ping ]; then
        ping=$rps
        pingcpu=$cpu
      fi
      ratio=$(awk -v a="$rps" -v b="$ping" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
      cpuratio=$(awk -v a="$cpu" -v b="$pingcpu" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
      [ "$name" = append ] || [ "$name" = context-put ] && ratio="-" && cpuratio="-"
      echo "| $jar | $round | $pass | $name | $rps | $ratio | $p50 | $p99 | $errors | $cpu | $cpuratio |"
    done
  done
done
