#!/usr/bin/env bash
# Strict reads at near-cache speed (issue 23), measured as the issue measured them: the service on
# its embedded default, one conversation (30 messages, a 5-item reference list), wrk -t2 -c32 per
# endpoint, each as a ratio to the application's own GET /ping in the same run. Jars alternate
# when several are given (before/after), so both see the same machine.
#
#   bench/strict-reads.sh application/target/parley.jar [other.jar ...]
#
# Settings: WARMUP (s per endpoint, 20), DURATION (s, 15), ROUNDS (alternations, 2).
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-2}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=strict-reads-admin-key-0123456789
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

wait_for() { for _ in $(seq 1 240); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }

measure() { # jar -> prints one line per endpoint
  local jar=$1 dir port=18480 admin=18481 config
  dir=$(mktemp -d)
  config=$(cd "$(dirname "$jar")/../.." && pwd)/config.yml # the jar's own checkout's
  PORT=$port ADMIN_PORT=$admin PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
    java -Xmx512m -jar "$jar" server "$config" >"$dir/service.log" 2>&1 &
  local pid=$!
  wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; kill $pid; exit 1; }
  local base="http://127.0.0.1:$port" tenant key conversation
  local created
  created=$(curl -fsS -X POST "$base/v1/tenants" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "{\"name\":\"S\",\"slug\":\"s$RANDOM\"}")
  tenant=$(echo "$created" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  key=$(echo "$created" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
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
  run() { # name method path body
    printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$key" "$4" >"$requests"
    wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$requests" warm >/dev/null 2>&1
    local out
    out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$requests" run 2>&1)
    local rps p50 p99 errors
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p')
    p99=$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p')
    errors=$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p')
    echo "$1 $rps $p50 $p99 $errors"
  }
  # /ping last, when the JIT has compiled the shared request path: the reference of every ratio
  run context-get GET "$path/reference-context" ""
  run resolve POST "$path/reference-context/resolve" '{"text":"nataka ya pili"}'
  run newest-page GET "$path/messages?limit=20" ""
  run agent-context GET "$path/agent-context" ""
  run ping GET /ping ""
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir" "$requests"
}

echo "| jar | round | endpoint | req/s | x ping | p50 µs | p99 µs | non-2xx |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
  for jar in "$@"; do
    lines=$(measure "$jar")
    ping=$(echo "$lines" | awk '$1 == "ping" {print $2}')
    while read -r name rps p50 p99 errors; do
      ratio=$(awk -v a="$rps" -v b="$ping" 'BEGIN {printf "%.2f", a / b}')
      echo "| $jar | $round | $name | $rps | $ratio | $p50 | $p99 | $errors |"
    done <<<"$lines"
  done
done
