#!/usr/bin/env bash
# Tail latency at a fixed arrival rate per JVM setting (issue 28, item 3): the service on its
# embedded default with issue 23's one conversation, each endpoint's maximum measured with wrk, then
# the open model (bench's OpenModel: coordinated omission corrected) at RATE of that maximum, with
# the JVM's safepoint pauses (every collector's stop-the-world pauses are safepoints) counted over
# the same window from its own log, and the time the service's threads spent runnable but waiting
# for a core (/proc/PID/task/*/schedstat), per request. Settings alternate, so each sees the same
# machine.
#
#   bench/tail.sh JAR 'g1=' 'zgc=-XX:+UseZGC' ...
#
# Settings: WARMUP (s, all endpoints together, 150), MAX (s of wrk per endpoint, 10), OPEN (s of
# open model per endpoint, 30, after OPEN_WARMUP s, 5, sent but not recorded), RATE (share of the
# maximum, 0.5), ROUNDS (1), ENDPOINTS ("context-get resolve newest-page agent-context append"),
# KEEP (a directory: each open-model window's timeline of slow requests per 100 ms, and the
# service's safepoint log, are kept there).
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-150}
MAX=${MAX:-10}
OPEN=${OPEN:-30}
RATE=${RATE:-0.5}
OPEN_WARMUP=${OPEN_WARMUP:-5}
ROUNDS=${ROUNDS:-1}
ENDPOINTS=${ENDPOINTS:-context-get resolve newest-page agent-context append}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=tail-bench-admin-key-0123456789
BENCH_JAR=bench/target/benchmarks.jar
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
[ -f $BENCH_JAR ] || mvn -B -ntp -q -pl bench -am package -DskipTests >/dev/null

. bench/lib.sh

# each service thread's time waiting for a core so far (ns), from the scheduler's own counters:
# "tid ns" lines; a window sums the change of the threads alive at both ends (a thread that exits
# meanwhile takes its counter with it)
runqueue() {
  for t in /proc/$pid/task/*; do
    [ -r "$t/schedstat" ] && echo "${t##*/} $(awk '{print $2}' "$t/schedstat" 2>/dev/null)"
  done | sort
}

idle() { awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

pauses() { # log from-ms to-ms -> "count total-ms max-ms" of the safepoints in the window
  awk -v from="$2" -v to="$3" -F'[][]' '/Safepoint "/ && /Total: / {
      t = $2; sub(/ms$/, "", t); if (t < from || t > to) next
      n = $0; sub(/.*Total: /, "", n); sub(/ ns.*/, "", n); ms = n / 1e6
      count++; sum += ms; if (ms > max) max = ms }
    END {printf "%d %.1f %.1f", count, sum, max}' "$1"
}

measure() { # label jvm-options -> one line per endpoint
  local label=$1 pid dir base tenant key path requests
  read -r -a options <<<"$2"
  start_one_conversation "$JAR" 18580 $ADMIN "-Xlog:safepoint:file=/tmp/tail-$label.log:timemillis" \
    ${options[@]+"${options[@]}"}
  requests=$(mktemp)
  declare -A lines
  read_lines
  printf '%s\n' "${lines[context-get]}" "${lines[resolve]}" "${lines[newest-page]}" \
    "${lines[agent-context]}" >"$requests"
  wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$requests" warm >/dev/null 2>&1
  for endpoint in $ENDPOINTS; do
    printf '%s\n' "${lines[$endpoint]}" >"$requests"
    local max rate from to open p50 p99 p999 worst errors idle0 idle1 service0 service1
    max=$(wrk -t2 -c32 -d"${MAX}s" -s $LUA "$base" -- "$requests" "max$RANDOM" 2>&1 |
      awk '/Requests\/sec/ {print $2}')
    rate=$(awk -v m="$max" -v s="$RATE" 'BEGIN {printf "%.0f", m * s}')
    # the generator warms up for OPEN_WARMUP s before it records; the counters cover what it records
    java -DopenModel.warmup="$OPEN_WARMUP" \
      ${KEEP:+-DopenModel.timeline=$KEEP/$label-$endpoint-timeline.tsv} -cp $BENCH_JAR \
      io.parley.bench.load.OpenModel "$base" "@$requests" "$rate" "$OPEN" >"$dir/open.out" &
    local generator=$! waits
    sleep "$OPEN_WARMUP.1"
    from=$(date +%s%3N)
    idle0=$(idle)
    service0=$(awk '{print $14 + $15}' /proc/$pid/stat)
    runqueue >"$dir/waits0"
    wait $generator
    open=$(cat "$dir/open.out")
    to=$(date +%s%3N)
    idle1=$(idle)
    service1=$(awk '{print $14 + $15}' /proc/$pid/stat)
    runqueue >"$dir/waits1"
    waits=$(join "$dir/waits0" "$dir/waits1" | awk '$2 != "" && $3 != "" {s += $3 - $2} END {printf "%.0f", s}')
    p50=$(echo "$open" | sed -nE 's/.*p50Millis=([0-9.]+).*/\1/p')
    p99=$(echo "$open" | sed -nE 's/.*p99Millis=([0-9.]+).*/\1/p')
    p999=$(echo "$open" | sed -nE 's/.*p999Millis=([0-9.]+).*/\1/p')
    worst=$(echo "$open" | sed -nE 's/.*maxMillis=([0-9.]+).*/\1/p')
    errors=$(echo "$open" | sed -nE 's/.*errors=([0-9]+).*/\1/p')
    # the machine's idle share and the service's CPU (in cores) over the open-model window
    local shares
    shares=$(echo "$idle0 $idle1 $service0 $service1" | awk -v ms=$((to - from)) -v hz="$(getconf CLK_TCK)" \
      '{printf "%.0f %.2f", 100 * ($3 - $1) / ($4 - $2), ($6 - $5) / hz / (ms / 1000)}')
    local queued # µs a request's worth of the service's threads spent runnable but not running
    queued=$(awk -v w="$waits" -v r="$rate" -v d="$OPEN" 'BEGIN {printf "%.0f", w / 1000 / (r * d)}')
    echo "$endpoint $max $rate $p50 $p99 $p999 $worst $errors $(pauses /tmp/tail-$label.log "$from" "$to") $shares $queued"
  done
  # leases lost under load send reads past the near-caches: say how often it happened (stderr)
  curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:18581/metrics" |
    grep -oE '"[^"]*(lease|l1.cleared)[^"]*":\{"count":[0-9]+' | sed "s/^/$label: /" >&2 || true
  kill $pid
  wait $pid 2>/dev/null || true
  [ -z "${KEEP:-}" ] || cp "/tmp/tail-$label.log" "$KEEP/$label-safepoints.log"
  rm -rf "$dir" "$requests" "/tmp/tail-$label.log"
}

JAR=$1
[ -z "${KEEP:-}" ] || mkdir -p "$KEEP"
shift
echo "| setting | round | endpoint | max req/s | rate /s | p50 ms | p99 ms | p99 / p50 | p99.9 ms | max ms | errors | safepoints | in pauses ms | longest pause ms | machine idle % | service cores | run-queue wait µs per request |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for setting in "$@"; do
    label=${setting%%=*}
    measure "$label" "${setting#*=}" | while read -r endpoint max rate p50 p99 p999 worst errors n sum longest idle cores queued; do
      ratio=$(awk -v a="$p99" -v b="$p50" 'BEGIN {printf "%.1f", a / b}')
      echo "| $label | $round | $endpoint | $max | $rate | $p50 | $p99 | $ratio | $p999 | $worst | $errors | $n | $sum | $longest | $idle | $cores | $queued |"
    done
  done
done
