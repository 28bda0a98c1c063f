#!/usr/bin/env bash
# What webhooks cost and how fast they go (issue 27): the service on its embedded default with one
# webhook (message.created) to a local receiver (io.parley.bench.WebhookReceiver), single appends
# with wrk -t2 -c32 over 64 conversations, in three modes alternating for ROUNDS: "delivered"
# (outbox on, the webhook delivering to the receiver on the same 2 cores), "logged" (outbox on, no
# webhook: each append's event is written in its transaction, nothing is sent) and "off"
# (PARLEY_WEBHOOKS_OUTBOX=false: no event is logged). Reports append
# throughput and latency, events delivered per second while appending, and the time from the
# event's logging (in the append's transaction) to its arrival, p50/p99; and the CPU each append
# took during the run (µs per append): the service's JVM, the receiver's, and the whole machine's
# (from /proc/stat: the service, PostgreSQL, Redis, wrk and the receiver together), and
# PostgreSQL's (every postgres process), so what the outbox costs Parley can be told apart from
# what the local receiver costs the shared cores.
#
#   bench/webhooks.sh application/target/parley.jar
#
# Settings: WARMUP (s, 150: the JIT takes minutes on 2 shared cores), DURATION (s, 30), ROUNDS (2),
# MODES ("delivered logged off"), JVM_OPTIONS (the service's), ASYNC_PROFILER (path of
# libasyncProfiler.so: a CPU profile of the service in each measured run, collapsed stacks, into
# PROFILES, default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-application/target/parley.jar}
WARMUP=${WARMUP:-150}
DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-2}
MODES=${MODES:-delivered logged off}
PROFILES=${PROFILES:-/tmp}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=webhooks-bench-admin-key-0123456789
RECEIVER_PORT=18590
BENCH_JAR=bench/target/benchmarks.jar # the shaded bench jar (mvn -pl bench -am package)
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

java -cp "$BENCH_JAR" io.parley.bench.WebhookReceiver $RECEIVER_PORT &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$RECEIVER_PORT/stats"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # a process's CPU, user + system
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # all busy CPU
postgres_ticks() { cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 ~ /^\(postgres/ {s += $14 + $15} END {print s + 0}'; }

measure() { # mode: delivered (outbox on, one webhook), logged (on, no webhook), off -> one line
  local mode=$1 outbox=true dir port=18580 admin=18581
  [ "$mode" = off ] && outbox=false
  dir=$(mktemp -d)
  # shellcheck disable=SC2086 # JVM_OPTIONS: options for the service's JVM, split on spaces
  PORT=$port ADMIN_PORT=$admin PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
    PARLEY_WEBHOOKS_OUTBOX=$outbox PARLEY_WEBHOOKS_ALLOW_PRIVATE=true \
    PARLEY_WEBHOOKS_HTTP_HOSTS=127.0.0.1 \
    java -Xmx512m ${JVM_OPTIONS:-} -jar "$JAR" server config.yml >"$dir/service.log" 2>&1 &
  local pid=$!
  wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; kill $pid; exit 1; }
  local base="http://127.0.0.1:$port" tenant key requests
  new_tenant "$base" "$ADMIN"
  [ "$mode" = delivered ] && new_webhook "http://127.0.0.1:$RECEIVER_PORT/hook" '"message.created"' >/dev/null
  requests=$(mktemp)
  append_lines "$requests" ',"providerMessageId":"wamid.#N#"'
  wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$requests" warm >/dev/null 2>&1
  sleep 3
  curl -fsS "http://127.0.0.1:$RECEIVER_PORT/reset" >/dev/null
  local out rps p50 p99 errors received stats cpu_before cpu_after
  [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
    "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  cpu_before="$(ticks $pid) $(ticks $RECEIVER) $(machine_ticks) $(postgres_ticks)"
  out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$requests" run 2>&1)
  cpu_after="$(ticks $pid) $(ticks $RECEIVER) $(machine_ticks) $(postgres_ticks)"
  [ -z "${ASYNC_PROFILER:-}" ] || jcmd $pid JVMTI.agent_load "$ASYNC_PROFILER" \
    "\"stop,file=$PROFILES/webhooks-$mode-$(date +%s).collapsed,collapsed\"" >/dev/null
  received=$(curl -fsS "http://127.0.0.1:$RECEIVER_PORT/count")
  sleep 5 # the backlog drains; latency counts every event of the run
  stats=$(curl -fsS "http://127.0.0.1:$RECEIVER_PORT/stats")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p')
  p99=$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p')
  errors=$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p')
  local delivered_rate lat50 lat99
  delivered_rate=$(awk -v n="$received" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
  lat50=$(echo "$stats" | awk '{print $2}')
  lat99=$(echo "$stats" | awk '{print $3}')
  local cpu
  cpu=$(awk -v b="$cpu_before" -v a="$cpu_after" -v hz="$(getconf CLK_TCK)" -v r="$rps" \
    -v d="$DURATION" 'BEGIN {split(b, x); split(a, y); n = r * d;
      for (i = 1; i <= 4; i++) printf "%.0f ", (y[i] - x[i]) / hz * 1e6 / n}')
  echo "$mode $rps $p50 $p99 $errors $delivered_rate $lat50 $lat99 $cpu"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir" "$requests"
}

echo "| round | mode | appends/s | append p50 µs | append p99 µs | non-2xx | events delivered/s | commit→delivery p50 µs | p99 µs | service CPU µs/append | receiver | machine | PostgreSQL |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    read -r o rps p50 p99 errors rate l50 l99 cs cr cm cp <<<"$(measure "$mode")"
    if [ "$o" != delivered ]; then rate="-"; l50="-"; l99="-"; fi
    echo "| $round | $o | $rps | $p50 | $p99 | $errors | $rate | $l50 | $l99 | $cs | $cr | $cm | $cp |"
  done
done
