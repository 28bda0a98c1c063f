#!/usr/bin/env bash
# Redis standalone against a 3-master Redis Cluster, both started here from the machine's
# redis-server on loopback ports (same binary, same settings), measured through Parley's shared
# tier in one run: L2 read latency and invalidation lag, p50/p99. bench/run.sh calls it with
# BENCH_REDIS_CLUSTER=1; alone: bench/redis-topologies.sh [output file]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_FILE=${1:-bench/target/redis-topologies.md}
BENCH_JAR=bench/target/benchmarks.jar
[[ -f $BENCH_JAR ]] || mvn -B -ntp -q -DskipTests package
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || {
  echo "redis-server and redis-cli are needed (apt-get install redis-server redis-tools)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/parley-redis-topologies.XXXXXX)
PORTS=(27101 27102 27103)
STANDALONE=27100
cleanup() {
  for p in "$STANDALONE" "${PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$DIR"
}
trap cleanup EXIT
common=(--bind 127.0.0.1 --save "" --appendonly no --daemonize yes)
mkdir -p "$DIR/$STANDALONE"
redis-server --port "$STANDALONE" --dir "$DIR/$STANDALONE" --logfile "$DIR/$STANDALONE/log" "${common[@]}"
for p in "${PORTS[@]}"; do
  mkdir -p "$DIR/$p"
  redis-server --port "$p" --dir "$DIR/$p" --logfile "$DIR/$p/log" --cluster-enabled yes \
    --cluster-config-file "$DIR/$p/nodes.conf" --cluster-node-timeout 2000 "${common[@]}"
done
sleep 0.5
redis-cli --cluster create "${PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
until redis-cli -p "${PORTS[0]}" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
nodes=$(IFS=,; echo "${PORTS[*]/#/127.0.0.1:}")
java -cp $BENCH_JAR io.parley.bench.RedisTopologyComparison \
  "redis://127.0.0.1:$STANDALONE" "$nodes" "$OUT_FILE" 2>/dev/null
