#!/usr/bin/env bash
# Where PostgreSQL's time goes per append, with webhooks delivering and with the outbox off (issue
# 27 item 6): a PostgreSQL of the machine's binaries started for the run on a loopback port with
# pg_stat_statements (track = all, so the triggers' and functions' statements are listed too), the
# service on it (Redis embedded), one webhook (message.created) to the bench's local receiver,
# single appends with wrk -t2 -c32 over 64 conversations. After WARMUP s the statistics are reset;
# after DURATION s more, the statements are listed by total execution time, in µs per append.
# Nested statements (toplevel false) are also inside their top-level statement's time.
#
#   bench/webhook-statements.sh application/target/parley.jar
#
# Settings: WARMUP (s, 150), DURATION (s, 30), MODES ("delivered off"), JVM_OPTIONS (the
# service's), TOP (statements listed, 15). Needs the postgresql-15 server package and root (it runs
# PostgreSQL as the postgres user).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-application/target/parley.jar}
WARMUP=${WARMUP:-150}
DURATION=${DURATION:-30}
MODES=${MODES:-delivered off}
TOP=${TOP:-15}
LUA=bench/src/main/resources/wrk/requests.lua
ADMIN=webhook-statements-admin-key-0123456789
RECEIVER_PORT=18591
PG_PORT=18592
BENCH_JAR=bench/target/benchmarks.jar
BIN=$(dirname "$(dpkg -S bin/initdb | grep -m1 -o '/usr/lib/postgresql/[0-9]*/bin/initdb')")
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

. bench/lib.sh

PGDIR=$(mktemp -d)
chown postgres "$PGDIR"
pg() { su postgres -s /bin/sh -c "$*"; }
pg "$BIN/initdb -D $PGDIR/data -U postgres --auth=trust" >/dev/null
pg "$BIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w -o \"-p $PG_PORT -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories=$PGDIR -c shared_preload_libraries=pg_stat_statements \
  -c pg_stat_statements.track=all -c max_connections=100\" start" >/dev/null
java -cp "$BENCH_JAR" io.parley.bench.WebhookReceiver $RECEIVER_PORT &
RECEIVER=$!
cleanup() {
  kill $RECEIVER 2>/dev/null || true
  pg "$BIN/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
wait_for "http://127.0.0.1:$RECEIVER_PORT/stats"
psql_pg() { psql -h 127.0.0.1 -p $PG_PORT -U postgres -At "$@"; }

measure() { # mode: delivered (one webhook) or off (no event logged)
  local mode=$1 outbox=true db dir port=18593 pid
  [ "$mode" = off ] && outbox=false
  db="parley_$mode"
  psql_pg -c "CREATE DATABASE $db" >/dev/null
  psql_pg -d "$db" -c "CREATE EXTENSION pg_stat_statements" >/dev/null
  dir=$(mktemp -d)
  export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$db" DATABASE_USER=postgres
  java -jar "$JAR" db migrate config.yml >"$dir/migrate.log" 2>&1
  # shellcheck disable=SC2086 # JVM_OPTIONS: options for the service's JVM, split on spaces
  PORT=$port ADMIN_PORT=$((port + 1)) PARLEY_DATA_DIR=$dir PARLEY_ADMIN_KEY=$ADMIN \
    PARLEY_WEBHOOKS_OUTBOX=$outbox PARLEY_WEBHOOKS_ALLOW_PRIVATE=true \
    PARLEY_WEBHOOKS_HTTP_HOSTS=127.0.0.1 \
    java -Xmx512m ${JVM_OPTIONS:-} -jar "$JAR" server config.yml >"$dir/service.log" 2>&1 &
  pid=$!
  wait_for "http://127.0.0.1:$port/ping" || { cat "$dir/service.log"; kill $pid; exit 1; }
  base="http://127.0.0.1:$port"
  new_tenant "$base" "$ADMIN"
  [ "$mode" = delivered ] && new_webhook "http://127.0.0.1:$RECEIVER_PORT/hook" '"message.created"' >/dev/null
  append_lines "$dir/requests" ',"providerMessageId":"wamid.#N#"'
  wrk -t2 -c32 -d"${WARMUP}s" -s $LUA "$base" -- "$dir/requests" warm >/dev/null 2>&1
  sleep 3
  psql_pg -d "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
  local out appends
  out=$(wrk -t2 -c32 -d"${DURATION}s" -s $LUA "$base" -- "$dir/requests" run 2>&1)
  sleep 5 # the deliveries of the run's last appends
  appends=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "### $mode: $(echo "$out" | awk '/Requests\/sec/ {print $2}') appends/s, $appends appends"
  echo
  echo "| µs per append | calls per append | mean µs | top level | statement |"
  echo "| ---: | ---: | ---: | --- | --- |"
  psql_pg -d "$db" -F '|' -c "SELECT round((total_exec_time * 1000 / $appends)::numeric, 1),
      round(calls::numeric / $appends, 3), round((mean_exec_time * 1000)::numeric, 1), toplevel,
      left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')
    ORDER BY total_exec_time DESC LIMIT $TOP" | sed -e 's/|/ | /g' -e 's/^/| /' -e 's/$/ |/'
  echo
  kill $pid
  wait $pid 2>/dev/null || true
  rm -rf "$dir"
}

for mode in $MODES; do
  measure "$mode"
done
