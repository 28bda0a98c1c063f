#!/usr/bin/env bash
# Parley's benchmarks in one command: JMH (resolver, read tiers against Redisson and Jedis's
# client-side cache, writes seen by a second client), the history depth curve, and the HTTP load
# harness against a started service on demo-data at scale (1,000 tenants, 100,000 conversations,
# 10,000,000 messages, 100,000 products), with the floors taken in the same run. Writes
# bench/results/<date>/report.md, report.json and PNG charts.
#
#   bench/run.sh                      # everything, ~25 min here (+ ~4 min to load the data once)
#   BENCH_DURATION=5 BENCH_WARMUP=20 BENCH_JMH_ARGS="-wi 1 -i 1 -w 1 -r 1" bench/run.sh   # a quick look
#
# It uses the machine's PostgreSQL (127.0.0.1:5432, database parley_bench, kept between runs so
# the data is loaded once) and Redis (127.0.0.1:6379, database 3, flushed), starting them if they
# are installed but down. Without them (or with BENCH_EMBEDDED=1) it uses the service's embedded
# PostgreSQL 17 and Redis, with the data kept in bench/target/embedded. It installs wrk, pgbench,
# redis-benchmark and gnuplot through apt when they are missing.
# Settings: BENCH_PG_HOST/PORT/USER, BENCH_REDIS_HOST/PORT, BENCH_OUT, BENCH_EMBEDDED,
# BENCH_DEMO_ARGS (the demo-data scale), BENCH_LOAD_ONLY=1 (the HTTP load harness only), BENCH_REDIS_CLUSTER=1 (adds Redis standalone vs a
# loopback Redis Cluster: bench/redis-topologies.sh), BENCH_REPLICA=1 (adds a run with a hot
# standby of the machine's PostgreSQL on port 5433, from pg_basebackup: the share of reads the
# replica serves under the mixed load; it adds a loopback replication line to pg_hba.conf when
# there is none).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${BENCH_REDIS_PORT:-6379}
REDIS_DB=3
DATABASE=parley_bench
PGBENCH_DATABASE=parley_pgbench
OUT=${BENCH_OUT:-bench/results/$(date +%F)}
DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-70}
JMH_ARGS=${BENCH_JMH_ARGS:-}
EMBEDDED=${BENCH_EMBEDDED:-0}
DEMO_ARGS=${BENCH_DEMO_ARGS:---tenants 1000 --conversations 100000 --messages-per-conversation 100 --products 100000}
ADMIN_KEY="bench-admin-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CURSOR_SECRET="bench-cursor-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SERVICE_LOG=bench/target/service.log
BENCH_JAR=bench/target/benchmarks.jar
export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER

stage() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
psql_at() { psql -X -At -d "$1" -c "$2"; }

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pgbench >/dev/null || missing+=(postgresql-client)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v redis-benchmark >/dev/null || missing+=(redis-tools)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  if ((${#missing[@]})); then
    stage "installing ${missing[*]}"
    apt-get install -y "${missing[@]}" >/dev/null
  fi
}

# The machine's servers, started if installed but down; else the service's embedded ones.
choose_servers() {
  if [[ "$EMBEDDED" != 1 ]]; then
    if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && command -v pg_ctlcluster >/dev/null; then
      stage "starting the machine's PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start || true
    fi
    if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 \
      && command -v redis-server >/dev/null; then
      stage "starting the machine's Redis"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    fi
    if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" \
      && redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
      export DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" DATABASE_USER=$PG_USER
      export REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB"
      stage "servers: the machine's PostgreSQL ($PG_HOST:$PG_PORT/$DATABASE) and Redis ($REDIS_HOST:$REDIS_PORT/$REDIS_DB)"
      return
    fi
    stage "no PostgreSQL and Redis on this machine: using the service's embedded ones"
    EMBEDDED=1
  fi
  export PARLEY_DATA_DIR=bench/target/embedded PARLEY_EMBEDDED_POSTGRES_PORT=55432
  export PARLEY_EMBEDDED_REDIS_PORT=56379
  unset DATABASE_URL REDIS_URL
  PG_HOST=127.0.0.1 PG_PORT=55432 PG_USER=postgres DATABASE=postgres
  REDIS_HOST=127.0.0.1 REDIS_PORT=56379
  export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER
  stage "servers: embedded PostgreSQL 17 and Redis, data in $PARLEY_DATA_DIR"
}

# demo-data at benchmark scale, once: kept in the database (or the embedded data directory).
load_data() {
  local marker=bench/target/embedded/bench-data-loaded
  if [[ "$EMBEDDED" == 1 ]]; then
    if [[ -f $marker && "$(cat $marker)" == "$DEMO_ARGS" ]]; then
      stage "data: already loaded into the embedded PostgreSQL ($DEMO_ARGS)"
      return
    fi
    rm -rf bench/target/embedded
  else
    local messages
    messages=$(psql_at "$DATABASE" "SELECT count(*) FROM messages" 2>/dev/null || echo 0)
    if ((messages >= 10000000)) && [[ -z "${BENCH_DEMO_ARGS:-}" ]]; then
      stage "data: $DATABASE already holds $messages messages; migrating it to this build's schema"
      java -jar application/target/parley.jar db migrate config.yml >/dev/null
      vacuum_catalog
      return
    fi
    psql_at postgres "DROP DATABASE IF EXISTS $DATABASE" >/dev/null
    psql_at postgres "CREATE DATABASE $DATABASE" >/dev/null
    java -jar application/target/parley.jar db migrate config.yml >/dev/null
  fi
  stage "data: demo-data $DEMO_ARGS (about 4 minutes at the default scale into PostgreSQL 15 here)"
  # shellcheck disable=SC2086
  java -jar application/target/parley.jar demo-data config.yml $DEMO_ARGS | grep '^Loaded'
  vacuum_catalog
  if [[ "$EMBEDDED" == 1 ]]; then
    echo "$DEMO_ARGS" >$marker
  fi
}

# A bulk load leaves the catalog's GIN indexes with long pending lists, which every search then
# reads (measured: 7 ms of a 17 ms search); autovacuum would flush them on a live system.
vacuum_catalog() {
  if [[ "$EMBEDDED" != 1 ]]; then
    psql_at "$DATABASE" "VACUUM (ANALYZE) products, services" >/dev/null
  fi
}

pgbench_tables() {
  if ! psql_at postgres "SELECT 1 FROM pg_database WHERE datname = '$PGBENCH_DATABASE'" | grep -q 1; then
    psql_at postgres "CREATE DATABASE $PGBENCH_DATABASE" >/dev/null
    pgbench -i -q -s 10 "$PGBENCH_DATABASE" >/dev/null 2>&1
  fi
}

# Liquibase's and SLF4J's noise from the shaded benchmark jar, not results.
quiet() {
  grep --line-buffered -v -E '^\s+at |^\s*\.\.\. [0-9]+ more|ServiceConfigurationError|^Caused by|^SLF4J|^Running Changeset|^UPDATE SUMMARY|^Run: |^Previously run|^Filtered out|^-+$|^Total change sets|^Liquibase: |^$' || true
}

start_service() {
  if [[ "$EMBEDDED" != 1 ]]; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n $REDIS_DB flushdb >/dev/null
  fi
  PARLEY_ADMIN_KEY=$ADMIN_KEY PARLEY_CURSOR_SECRET=$CURSOR_SECRET \
    java -Xmx512m "-Xlog:gc,safepoint:file=$OUT/${GC_LOG:-gc-safepoint.log}:uptime,level,tags" \
    -jar application/target/parley.jar server config.yml >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  # The per-request floor: a bare Dropwizard application with config.yml's server section as it
  # stands (the same request log), on ports 8090/8091.
  awk '/^server:/{on=1; print; next} on && /^[a-z]/{on=0} on' config.yml >bench/target/bare.yml
  PORT=8090 ADMIN_PORT=8091 java -Xmx512m -cp $BENCH_JAR io.parley.bench.bare.BareDropwizard \
    server bench/target/bare.yml >bench/target/bare.log 2>&1 &
  BARE_PID=$!
  trap 'kill $SERVICE_PID $BARE_PID 2>/dev/null || true; stop_standby' EXIT
  for _ in $(seq 1 120); do
    curl -sf http://127.0.0.1:8081/ping >/dev/null && curl -sf http://127.0.0.1:8090/ping >/dev/null \
      && return
    sleep 0.5
  done
  echo "the service did not start; see $SERVICE_LOG and bench/target/bare.log" >&2
  exit 1
}

STANDBY_DIR=/tmp/parley-bench-standby
STANDBY_PORT=5433
# A hot standby of the machine's PostgreSQL (BENCH_REPLICA=1), streaming from it.
start_standby() {
  local hba
  hba=$(psql_at postgres 'SHOW hba_file')
  if ! grep -Eq '^host\s+replication\s+all\s+127\.0\.0\.1/32' "$hba"; then
    stage "adding 'host replication all 127.0.0.1/32 trust' to $hba"
    echo 'host replication all 127.0.0.1/32 trust' >>"$hba"
    psql_at postgres 'SELECT pg_reload_conf()' >/dev/null
  fi
  stop_standby
  local bin
  bin=$(dirname "$(readlink -f "$(command -v pg_basebackup)")")
  [[ -x $bin/pg_ctl ]] || bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  stage "standby: pg_basebackup of $PG_HOST:$PG_PORT into $STANDBY_DIR, port $STANDBY_PORT"
  install -d -o postgres -g postgres $STANDBY_DIR
  runuser -u postgres -- "$bin/pg_basebackup" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" \
    -D $STANDBY_DIR/data -R -X stream -c fast
  # Debian keeps the configuration outside the data directory: the standby gets its own.
  runuser -u postgres -- touch $STANDBY_DIR/data/postgresql.conf $STANDBY_DIR/data/pg_ident.conf
  install -o postgres -g postgres -m 600 "$hba" $STANDBY_DIR/data/pg_hba.conf
  runuser -u postgres -- "$bin/pg_ctl" -D $STANDBY_DIR/data -l $STANDBY_DIR/log -w start \
    -o "-p $STANDBY_PORT -k /tmp -c hot_standby=on -c shared_buffers=512MB" >/dev/null
}

stop_standby() {
  if [[ -f $STANDBY_DIR/data/postmaster.pid ]]; then
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
    runuser -u postgres -- "$bin/pg_ctl" -D $STANDBY_DIR/data -m fast -w stop >/dev/null || true
  fi
  rm -rf $STANDBY_DIR
}

environment() {
  {
    echo "date: $(date -u +%FT%TZ)   commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "servers: $([[ "$EMBEDDED" == 1 ]] && echo "the service's embedded ones" || echo "the machine's")"
    echo "postgresql: $(psql_at postgres 'SHOW server_version')   redis: $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server | grep redis_version | tr -d '\r')"
    echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)   service: java -Xmx512m, config.yml as committed (pool 16, near-cache 100,000 entries / 5 s)"
  } >"$OUT/environment.txt"
}

install_missing
choose_servers
mkdir -p "$OUT"
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  stage "build: mvn -B -ntp -DskipTests package"
  mvn -B -ntp -q -DskipTests package
fi
load_data

if [[ "${BENCH_LOAD_ONLY:-0}" != 1 ]]; then
stage "JMH: resolver, read tiers vs Redisson / Jedis client-side cache / Redis GET, writes seen by a second client"
# shellcheck disable=SC2086
java -jar $BENCH_JAR 'ResolverBenchmark|ReferenceContextReadBenchmark|WriteSeenElsewhereBenchmark|WindowJsonBenchmark' \
  $JMH_ARGS -rf json -rff "$OUT/jmh.json" 2>&1 | quiet >"$OUT/jmh.txt"
sed -n '/^Benchmark /,$p' "$OUT/jmh.txt"

stage "depth curve: one 1,000,000-message conversation, cursor vs page number vs OFFSET"
java -cp $BENCH_JAR io.parley.bench.HistoryDepthCurve 1000000 100 "$OUT/depth.tsv" 2>&1 | quiet \
  | tee "$OUT/depth.txt"
fi

stage "service: starting with -Xmx512m"
start_service
pgbench_tables
environment
stage "load harness: $WARMUP s warm-up, then $DURATION s per scenario"
java -cp $BENCH_JAR io.parley.bench.load.LoadHarness --out "$OUT" --admin-key "$ADMIN_KEY" \
  --cursor-secret "$CURSOR_SECRET" --jdbc "jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" --db-user "$PG_USER" \
  --pg-host "$PG_HOST" --pg-port "$PG_PORT" --redis-host "$REDIS_HOST" --redis-port "$REDIS_PORT" \
  --pgbench-db "$PGBENCH_DATABASE" --duration "$DURATION" --warmup "$WARMUP" \
  --bare http://127.0.0.1:8090 2>&1 | quiet
# What is live at the end (the class histogram runs a full GC first): issue 28's heap question.
jcmd $SERVICE_PID GC.class_histogram 2>/dev/null | head -80 >"$OUT/heap-histogram.txt" || true
kill $SERVICE_PID $BARE_PID && wait $SERVICE_PID $BARE_PID 2>/dev/null || true

if [[ "${BENCH_REPLICA:-0}" == 1 && "$EMBEDDED" != 1 ]]; then
  start_standby
  stage "service with DATABASE_REPLICA_URLS=jdbc:postgresql://127.0.0.1:$STANDBY_PORT/$DATABASE"
  mkdir -p "$OUT/replica"
  GC_LOG=replica/gc-safepoint.log DATABASE_REPLICA_URLS="jdbc:postgresql://127.0.0.1:$STANDBY_PORT/$DATABASE" start_service
  java -cp $BENCH_JAR io.parley.bench.load.LoadHarness --out "$OUT/replica" --admin-key "$ADMIN_KEY" \
    --cursor-secret "$CURSOR_SECRET" --jdbc "jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" --db-user "$PG_USER" \
    --duration "$DURATION" --warmup 30 --only history-newest,long-depth-cursor,agent-context,mixed \
    2>&1 | quiet
  kill $SERVICE_PID $BARE_PID && wait $SERVICE_PID $BARE_PID 2>/dev/null || true
  stop_standby
fi

stage "report"
java -cp $BENCH_JAR io.parley.bench.load.BenchReport "$OUT" "${BENCH_BEFORE:-bench/results/2026-11-28}"
# the request files hold the run's API keys: not part of a report
rm -rf "$OUT/requests" "$OUT/requests.lua" "$OUT/replica/requests" "$OUT/replica/requests.lua"
if [[ "${BENCH_REDIS_CLUSTER:-0}" == 1 ]]; then
  stage "Redis standalone vs a 3-master loopback cluster: L2 read and invalidation lag"
  bench/redis-topologies.sh "$OUT/redis-topologies.md"
  { printf '\n## Redis standalone vs Redis Cluster (BENCH_REDIS_CLUSTER=1)\n\n'
    cat "$OUT/redis-topologies.md"; } >> "$OUT/report.md"
fi
stage "done: $OUT/report.md"
