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
# Then the floor on the same PostgreSQL in the same run: pgbench inserting 500 rows a transaction
# into a copy of messages (its columns and indexes; no trigger, no foreign key), 8 clients.
#
# Settings: MESSAGES (1000000: more than a pass sends, so no batch is sent twice in a pass),
# DURATION (s per pass, 10), WARMUP (s per warm-up pass, 10: sent, delivered, read on another
# 100,000 messages, so the measured passes change every status they send), WEBHOOK (empty; or the
# event types of one webhook of the tenant, e.g. message.status, delivering to a local receiver
# from bench/target/benchmarks.jar: every status then writes an event and the relay sends it).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-application/target/parley.jar}
MESSAGES=${MESSAGES:-1000000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=statuses-bench-admin-key-0123456789
WEBHOOK=${WEBHOOK:-}
RECEIVER_PORT=18690
PG_PORT=18692
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
. bench/lib.sh

dir=$(mktemp -d)
port=18680
receiver=""
if [ -n "$WEBHOOK" ]; then
  java -cp bench/target/benchmarks.jar io.parley.bench.WebhookReceiver $RECEIVER_PORT &
  receiver=$!
fi
PORT=$port ADMIN_PORT=18681 PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
  PARLEY_EMBEDDED_POSTGRES_PORT=$PG_PORT PARLEY_WEBHOOKS_ALLOW_PRIVATE=true \
  PARLEY_WEBHOOKS_HTTP_HOSTS=127.0.0.1 java -Xmx512m -jar "$JAR" server config.yml >"$dir/service.log" 2>&1 &
pid=$!
trap 'kill $pid $receiver 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; exit 1; }
base="http://127.0.0.1:$port"
new_tenant "$base" "$ADMIN"
if [ -n "$WEBHOOK" ]; then
  events=$(echo "$WEBHOOK" | sed -E 's/([^ ,]+)/"\1"/g; s/ /,/g')
  new_webhook "http://127.0.0.1:$RECEIVER_PORT/hook" "$events" >/dev/null
fi
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
if [ -n "$WEBHOOK" ]; then
  echo "events received by the webhook's receiver: $(curl -fsS "http://127.0.0.1:$RECEIVER_PORT/count")"
fi
# The floor: the same PostgreSQL, 500-row inserts into a copy of messages.
export PGPASSWORD
PGPASSWORD=$(cat "$dir/postgres-password" 2>/dev/null || find "$dir" -name postgres-password -exec cat {} \; | head -1)
psql_floor() { psql -q -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_floor -c "CREATE TABLE floor_messages (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES); CREATE SEQUENCE floor_seq;"
cat >"$dir/floor.sql" <<'SQL'
INSERT INTO floor_messages (tenant_id, conversation_id, seq, id, direction, type, text,
                            provider_message_id, created_at)
SELECT '00000000-0000-4000-8000-000000000001', gen_random_uuid(), 1, gen_random_uuid(), 'out',
       'bot_response', 'offer ' || g, 'wamid.f' || nextval('floor_seq'), now()
FROM generate_series(1, 500) g;
SQL
tps=$(pgbench -n -h 127.0.0.1 -p $PG_PORT -U postgres -c 8 -j 2 -T "$DURATION" -f "$dir/floor.sql" postgres 2>&1 |
  sed -nE 's/^tps = ([0-9.]+).*/\1/p')
echo "floor: pgbench, 500-row inserts into a copy of messages, 8 clients: $(awk -v t="$tps" 'BEGIN {printf "%d", t * 500}') rows/s"
