#!/usr/bin/env bash
# Delivery statuses in batches of 500 (issue 26): the service on its embedded default, MESSAGES
# outbound bot messages with providerMessageIds over 200 conversations (stored through the batch
# endpoint), then wrk -t2 -c8 posting batches of 500 statuses to /message-statuses: every message
# gets "sent", then "delivered", then "read" (each batch 500 distinct messages, each status a real
# change), and a last pass repeats "read" (duplicates, the provider's retries). Prints statuses/s,
# p50/p99 per batch and non-2xx per pass. Compare with the 500-row pgbench floor of the same
# machine (bench/run.sh measures it: 81,555 rows/s in the 2026-12-01 report).
#
#   bench/statuses.sh application/target/parley.jar
#
# Settings: MESSAGES (600000: more than a pass sends, so no batch is sent twice in a pass),
# DURATION (s per pass, 10), WARMUP (s per warm-up pass, 10: sent, delivered, read on another
# 100,000 messages, so the measured passes change every status they send).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-application/target/parley.jar}
MESSAGES=${MESSAGES:-600000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=statuses-bench-admin-key-0123456789
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
wait_for() { for _ in $(seq 1 240); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }

dir=$(mktemp -d)
port=18680
PORT=$port ADMIN_PORT=18681 PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
  java -Xmx512m -jar "$JAR" server config.yml >"$dir/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; exit 1; }
base="http://127.0.0.1:$port"
created=$(curl -fsS -X POST "$base/v1/tenants" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d "{\"name\":\"S\",\"slug\":\"st$RANDOM\"}")
tenant=$(echo "$created" | sed -E 's/.*"id":"([^"]+)".*/\1/')
key=$(echo "$created" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
conversations=()
for c in $(seq 1 200); do
  conversations+=("$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547100$((10000 + c))\"}}" |
    sed -E 's/^\{"id":"([^"]+)".*/\1/')")
done
# The messages: MESSAGES measured + 100,000 for the warm-up, 500 a batch request.
total=$((MESSAGES + 100000))
echo "storing $total outbound messages" >&2
python3 - "$total" "${conversations[@]}" >"$dir/append-bodies" <<'PY'
import json, sys
total, conversations = int(sys.argv[1]), sys.argv[2:]
for start in range(0, total, 500):
    batch = [{"conversationId": conversations[i % len(conversations)], "direction": "out",
              "type": "bot_response", "text": "offer %d" % i, "providerMessageId": "wamid.s%d" % i}
             for i in range(start, min(total, start + 500))]
    print(json.dumps({"messages": batch}))
PY
while read -r body; do
  curl -fsS -o /dev/null -X POST "$base/v1/tenants/$tenant/messages/batch" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body"
done <"$dir/append-bodies"
statuses() { # status first count -> wrk request lines, 500 distinct messages each
  python3 - "$@" "$tenant" "$key" <<'PY'
import json, sys
status, first, count, tenant, key = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
for start in range(first, first + count, 500):
    batch = [{"providerMessageId": "wamid.s%d" % i, "status": status, "at": "2026-12-06T10:00:%02dZ" % (i % 60)}
             for i in range(start, min(first + count, start + 500))]
    print("POST\t/v1/tenants/%s/message-statuses\t%s\t%s" % (tenant, key, json.dumps({"statuses": batch})))
PY
}
# wrk cycles through its lines for DURATION; the last column says whether it came round again
# (then some batches repeated statuses already recorded: raise MESSAGES).
pass() { # name status first count
  statuses "$2" "$3" "$4" >"$dir/lines"
  local batches out
  batches=$(wc -l <"$dir/lines")
  out=$(timeout $((DURATION + 30)) wrk -t2 -c8 -d"${DURATION}s" -s $LUA "$base" -- "$dir/lines" "$1" 2>&1 || true)
  local rps p50 p99 errors requests
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  p50=$(echo "$out" | sed -nE 's/.*"p50Micros":([0-9]+).*/\1/p')
  p99=$(echo "$out" | sed -nE 's/.*"p99Micros":([0-9]+).*/\1/p')
  errors=$(echo "$out" | sed -nE 's/.*"statusErrors":([0-9]+).*/\1/p')
  local repeated="no"
  [ "$requests" -gt "$batches" ] && repeated="yes ($requests requests over $batches batches)"
  echo "| $1 | $(awk -v r="$rps" 'BEGIN {printf "%d", r * 500}') | $rps | $p50 | $p99 | $errors | $repeated |"
}
echo "warm-up" >&2
for status in sent delivered read; do
  DURATION=$WARMUP pass warm-up $status "$MESSAGES" 100000 >/dev/null
done
echo "| pass | statuses/s | batches/s | p50 µs | p99 µs | non-2xx | lines sent more than once |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
pass sent sent 0 "$MESSAGES"
pass delivered delivered 0 "$MESSAGES"
pass read read 0 "$MESSAGES"
pass read-again read 0 "$MESSAGES"
