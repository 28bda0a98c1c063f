#!/usr/bin/env bash
# What a dead webhook receiver costs everyone else (issue 27: "a slow or dead receiver delays only
# its own webhook, never others or the API"). The service on its embedded default, one tenant with
# a webhook to a port nothing listens on (every send fails at once), then EVENTS message.created
# events over 1,000 conversations by batch ingest. Reports, at each backlog size: the time of the
# relay's round query for that webhook, before (changeset 27-1) and after (27-5) the blocked
# deliveries (EXPLAIN ANALYZE on the embedded PostgreSQL, the same rows), and the machine's CPU
# while nothing but the jar's relay runs (IDLE seconds).
#
#   bench/webhook-backlog.sh application/target/parley.jar
#
# Settings: STEPS (backlog sizes, "10000 100000 300000"), IDLE (s, 20), PLANS (1: the query plans
# to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-application/target/parley.jar}
STEPS=${STEPS:-10000 100000 300000}
IDLE=${IDLE:-20}
ADMIN=webhook-backlog-admin-key-0123456789

. bench/lib.sh

PARLEY_WEBHOOKS_ALLOW_PRIVATE=true PARLEY_WEBHOOKS_HTTP_HOSTS=127.0.0.1 \
  start_service "$JAR" 18620 $ADMIN
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
new_tenant "$base" "$ADMIN"
webhook=$(curl -fsS -X POST "$base/v1/tenants/$tenant/webhooks" -H "Authorization: Bearer $key" \
  -H 'Content-Type: application/json' \
  -d '{"url":"http://127.0.0.1:9/hook","events":["message.created"]}' |
  sed -E 's/.*"id":"([^"]+)".*/\1/')
pg_port=$(sed -nE 's/.*Embedded PostgreSQL on port ([0-9]+).*/\1/p' "$dir/service.log" | head -1)
export PGPASSWORD
PGPASSWORD=$(cat "$dir/postgres-password")
psql_q() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAtX -c "$1"; }
explain_ms() { # the query's execution time; its plan to stderr with PLANS=1
  local plan
  plan=$(psql_q "EXPLAIN ANALYZE $1")
  [ "${PLANS:-0}" = 1 ] && echo "$plan" >&2
  echo "$plan" | sed -nE 's/^Execution Time: ([0-9.]+) ms/\1/p'
}

conversations=()
for c in $(seq 1 1000); do
  conversations+=("$(curl -fsS -X POST "$base/v1/tenants/$tenant/conversations" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547100$((10000 + c))\"}}" |
    sed -E 's/^\{"id":"([^"]+)".*/\1/')")
done

batch=$(mktemp)
appended=0
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
echo "| open deliveries | round query 27-1, ms | round query 27-5, ms | machine CPU while idle, % of one core |"
echo "| ---: | ---: | ---: | ---: |"
for target in $STEPS; do
  while [ "$appended" -lt "$target" ]; do
    {
      printf '{"messages":['
      for i in $(seq 0 499); do
        [ "$i" = 0 ] || printf ','
        printf '{"conversationId":"%s","direction":"in","type":"customer_inbound","text":"backlog %d"}' \
          "${conversations[$(((appended + i) % 1000))]}" "$((appended + i))"
      done
      printf ']}'
    } >"$batch"
    curl -fsS -o /dev/null -X POST "$base/v1/tenants/$tenant/messages/batch" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @"$batch"
    appended=$((appended + 500))
  done
  # Every event fanned out (the relay marks them relayed), then the relay left to itself.
  while [ "$(psql_q "SELECT count(*) FROM changes WHERE event_type IS NOT NULL AND NOT relayed")" != 0 ]; do
    sleep 1
  done
  sleep 5
  open=$(psql_q "SELECT count(*) FROM webhook_deliveries WHERE status IN ('pending', 'blocked', 'failed')")
  # The round query of changeset 27-1 (every open delivery numbered by queue, to find the heads)
  # and of 27-5 (failed heads due, oldest pending, by index), on the same rows: the relay runs the
  # one of the jar measured.
  old_ms=$(explain_ms "
    WITH open AS (
      SELECT id, queue, next_attempt_at, created_at,
        row_number() OVER (PARTITION BY queue ORDER BY id) AS place
      FROM webhook_deliveries
      WHERE tenant_id = '$tenant' AND webhook_id = '$webhook' AND status IN ('pending', 'failed')),
    heads AS (SELECT * FROM open WHERE place = 1)
    SELECT min(created_at), min(next_attempt_at) FROM heads")
  new_ms=$(explain_ms "
    WITH retries AS (
      SELECT r.id FROM webhook_deliveries r
      WHERE r.tenant_id = '$tenant' AND r.webhook_id = '$webhook' AND r.status = 'failed'
        AND r.next_attempt_at <= clock_timestamp()
        AND (SELECT x.id FROM webhook_deliveries x
          WHERE x.tenant_id = '$tenant' AND x.webhook_id = '$webhook' AND x.queue = r.queue
            AND x.status IN ('failed', 'blocked') ORDER BY x.queue, x.id LIMIT 1) = r.id
      ORDER BY r.next_attempt_at LIMIT 512),
    oldest_pending AS (
      SELECT id, queue FROM webhook_deliveries
      WHERE tenant_id = '$tenant' AND webhook_id = '$webhook' AND status = 'pending'
      ORDER BY id LIMIT 4096),
    fresh AS (
      SELECT p.id FROM oldest_pending p WHERE (SELECT x.id FROM webhook_deliveries x
        WHERE x.tenant_id = '$tenant' AND x.webhook_id = '$webhook' AND x.queue = p.queue
          AND x.status IN ('failed', 'blocked') AND x.id < p.id
          ORDER BY x.queue, x.id LIMIT 1) IS NULL)
    SELECT (SELECT count(*) FROM retries), (SELECT count(*) FROM fresh),
      (SELECT min(next_attempt_at) FROM webhook_deliveries
       WHERE tenant_id = '$tenant' AND webhook_id = '$webhook' AND status = 'failed')")
  before=$(machine_ticks)
  sleep "$IDLE"
  cpu=$(awk -v t=$(($(machine_ticks) - before)) -v hz="$(getconf CLK_TCK)" -v s="$IDLE" \
    'BEGIN {printf "%.0f", t / hz / s * 100}')
  echo "| $open | $old_ms | $new_ms | $cpu |"
done
rm -f "$batch"
