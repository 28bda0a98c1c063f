#!/usr/bin/env bash
# Strict reads at near-cache speed (issue 23), measured as the issue measured them: the service on
# its embedded default, one conversation (30 messages, a 5-item reference list), wrk -t2 -c32 per
# endpoint, each as a ratio to the application's own GET /ping in the same run. Jars alternate
# when several are given (before/after), so both see the same machine.
#
#   bench/strict-reads.sh application/target/parley.jar [other.jar ...]
#
# Settings: WARMUP (s, all read endpoints together, 60), DURATION (s per measurement, 10),
# PASSES (over the endpoints per service start, 3), ROUNDS (alternations of the jars, 1),
# ENDPOINTS (the reads measured, "context-get resolve newest-page agent-context"), WRITES (1: then
# appends and context PUTs; 0: none).
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-10}
PASSES=${PASSES:-3}
ROUNDS=${ROUNDS:-1}
ENDPOINTS=${ENDPOINTS:-context-get resolve newest-page agent-context}
WRITES=${WRITES:-1}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=strict-reads-admin-key-0123456789
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

measure() { # jar -> prints one line per endpoint
  local jar=$1 dir port=18480 admin=18481 config
  dir=$(mktemp -d)
  config=$(cd "$(dirname "$jar")/../.." && pwd)/config.yml # the jar's own checkout's
  PORT=$port ADMIN_PORT=$admin PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
    java -Xmx512m -jar "$jar" server "$config" >"$dir/service.log" 2>&1 &
  local pid=$!
  wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; kill $pid; exit 1; }
  local base="http://127.0.0.1:$port" tenant key conversation
  new_tenant "$base" "$ADMIN"
  conversation=$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d '{"channel":"whatsapp","customer":{"address":"+254700000123"}}' | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  local path="/v1/tenants/$tenant/conversations/$conversation"
  for i in $(seq 1 30); do
    curl -fsS -o /dev/null -X POST "$base$path/messages" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' \
      -d "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"red sneakers $i\"}"
  done
  curl -fsS -o /dev/null -X PUT "$base$path/reference-context" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"listType":"products","ttlSeconds":3600,"items":[{"id":"a","title":"Nike Air Max Red"},{"id":"b","title":"Adidas Superstar White"},{"id":"c","title":"Red Wing Boots"},{"id":"d","title":"Puma Suede Blue"},{"id":"e","title":"Vans Old Skool"}]}'
  local requests
  requests=$(mktemp)
  line() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$key" "$3"; }
  declare -A lines=(
    [ping]="$(line GET /ping "")"
    [context-get]="$(line GET "$path/reference-context" "")"
    [resolve]="$(line POST "$path/reference-context/resolve" '{"text":"nataka ya pili"}')"
    [newest-page]="$(line GET "$path/messages?limit=20" "")"
    [agent-context]="$(line GET "$path/agent-context" "")"
    [append]="$(line POST "$path/messages" '{"direction":"in","type":"customer_inbound","text":"write #N#"}')"
    [context-put]="$(line PUT "$path/reference-context" '{"listType":"products","ttlSeconds":3600,"items":[{"id":"a","title":"Nike Air Max Red"},{"id":"b","title":"Vans Old Skool"}]}')"
  )
  run() { # name -> "name req/s p50 p99 non-2xx"
    printf '%s\n' "${lines[$1]}" >"$requests"
    local out rps p50 p99 errors
    out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$requests" "run$RANDOM" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p')
    p99=$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p')
    errors=$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p')
    echo "$1 $rps $p50 $p99 $errors"
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

echo "| jar | round | pass | endpoint | req/s | x the /ping just before | p50 µs | p99 µs | non-2xx |"
echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    ping=""
    measure "$jar" | while read -r pass name rps p50 p99 errors; do
      if [ "$name" = ping ]; then
        ping=$rps
      fi
      ratio=$(awk -v a="$rps" -v b="$ping" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}')
      [ "$name" = append ] || [ "$name" = context-put ] && ratio="-"
      echo "| $jar | $round | $pass | $name | $rps | $ratio | $p50 | $p99 | $errors |"
    done
  done
done
