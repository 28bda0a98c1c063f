#!/usr/bin/env bash
# Does the JIT settle? Starts the service jar with a flight recording of every compilation,
# deoptimization and class load, drives one load-harness scenario (append, batch, ...) with wrk for
# N seconds, samples `jstat -compiler` every 10 s, and at the end takes a class histogram of what is
# live (after a full GC) and writes text summaries: deoptimizations by method/reason/action and
# compile events per minute. Counts, not timings: on a shared machine only the counts mean much.
#
#   bench/jit.sh OUT_DIR [SCENARIO] [SECONDS] [JAR]     # defaults: append 600 application/target/parley.jar
#
# Data: the database demo-data filled (bench/run.sh's parley_bench by default; DATABASE_URL to use
# another), Redis database 5 (flushed). Settings: PORT/ADMIN_PORT (18280/18281), DATABASE_URL,
# REDIS_URL, CONFIG (config.yml; the jar's own checkout's for an older jar), JIT_JVM_ARGS (extra JVM flags, e.g. -XX:+PrintCompilation), LOG_COMPILATION=1
# (-XX:+LogCompilation into OUT_DIR/compilation.log, large), HARNESS_ARGS (extra LoadHarness
# arguments, e.g. "--only append,batch"), BENCH_JAR (bench/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?OUT_DIR}
SCENARIO=${2:-append}
SECONDS_OF_LOAD=${3:-600}
JAR=${4:-application/target/parley.jar}
BENCH_JAR=${BENCH_JAR:-bench/target/benchmarks.jar}
PORT=${PORT:-18280}
ADMIN_PORT=${ADMIN_PORT:-18281}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/parley_bench}
export DATABASE_USER=${DATABASE_USER:-postgres}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
ADMIN_KEY="jit-admin-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CURSOR_SECRET="jit-cursor-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# profile.jfc with every compilation recorded (not only those over 100 ms) and class loads/defines
# on: a class loaded under steady load invalidates the compiled code that assumed it absent.
JFC=$OUT/jit.jfc
sed -e '/<event name="jdk.Compilation">/,/<\/event>/s/<setting name="threshold"[^>]*>[^<]*</<setting name="threshold">0 ms</' \
  -e '/<event name="jdk.ClassLoad">/,/<\/event>/s/<setting name="enabled"[^>]*>false</<setting name="enabled">true</' \
  -e '/<event name="jdk.ClassDefine">/,/<\/event>/s/<setting name="enabled"[^>]*>false</<setting name="enabled">true</' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$JFC"

flags=(-Xmx512m "-XX:StartFlightRecording=name=jit,settings=$JFC")
if [[ "${LOG_COMPILATION:-0}" == 1 ]]; then
  flags+=(-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation "-XX:LogFile=$OUT/compilation.log")
fi
if [[ -n "${ASYNC_PROFILER:-}" ]]; then # the path of libasyncProfiler.so: CPU samples by thread
  flags+=("-agentpath:$ASYNC_PROFILER=start,event=itimer,interval=10ms,threads,file=$OUT/profile-collapsed.txt,collapsed")
fi
# shellcheck disable=SC2206
flags+=(${JIT_JVM_ARGS:-})

redis_db=${REDIS_URL##*/}
redis-cli -n "$redis_db" flushdb >/dev/null
PORT=$PORT ADMIN_PORT=$ADMIN_PORT PARLEY_ADMIN_KEY=$ADMIN_KEY PARLEY_CURSOR_SECRET=$CURSOR_SECRET \
  java "${flags[@]}" -jar "$JAR" server "${CONFIG:-config.yml}" >"$OUT/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$ADMIN_PORT/ping" >/dev/null && break
  sleep 0.5
done
echo "service pid $pid ($JAR, ${flags[*]})"

# jstat -compiler every 10 s: compiled, failed, invalidated, compile time (s)
(
  echo "epoch_s Compiled Failed Invalid Time"
  while kill -0 $pid 2>/dev/null; do
    line=$(jstat -compiler $pid 2>/dev/null | tail -1 | awk '{print $1, $2, $3, $4}') || true
    [[ -n "$line" ]] && echo "$(date +%s) $line"
    sleep 10
  done
) >"$OUT/jstat-compiler.txt" &
sampler=$!

jdbc_db=${DATABASE_URL}
# The load's window, for the summary: from the harness's "scenario" line to its end.
: >"$OUT/load-window.txt"
# shellcheck disable=SC2086
java -cp "$BENCH_JAR" io.parley.bench.load.LoadHarness --out "$OUT/harness" --admin-key "$ADMIN_KEY" \
  --cursor-secret "$CURSOR_SECRET" --jdbc "$jdbc_db" --db-user "$DATABASE_USER" \
  --api "http://127.0.0.1:$PORT" --admin "http://127.0.0.1:$ADMIN_PORT" \
  --only "$SCENARIO" --warmup 0 --duration "$SECONDS_OF_LOAD" ${HARNESS_ARGS:-} 2>&1 \
  | grep --line-buffered -v -E '^\s+at |^SLF4J' \
  | while IFS= read -r line; do
    [[ "$line" == *"] scenario "* ]] && date +%s >>"$OUT/load-window.txt"
    echo "$line"
  done | tee "$OUT/harness.txt"
date +%s >>"$OUT/load-window.txt"
rm -rf "$OUT/harness/requests" "$OUT/harness/requests.lua" # they hold the run's API keys

# What is live at the end (the histogram forces a full GC first).
jcmd $pid GC.class_histogram >"$OUT/histogram-full.txt"
{
  head -43 "$OUT/histogram-full.txt"
  echo "... the service's own classes and the caches' nodes:"
  grep -E 'io\.parley|caffeine|RawValue|SerializedString' "$OUT/histogram-full.txt" | head -40
  tail -1 "$OUT/histogram-full.txt"
} >"$OUT/histogram.txt"
rm "$OUT/histogram-full.txt"
jcmd $pid GC.heap_info >"$OUT/heap-info.txt"
jcmd $pid JFR.stop name=jit filename="$OUT/recording.jfr" >/dev/null
kill $pid
wait $pid 2>/dev/null || true
kill $sampler 2>/dev/null || true
trap - EXIT

bench/jit-summary.sh "$OUT/recording.jfr" "$(head -1 "$OUT/load-window.txt")" \
  "$(tail -1 "$OUT/load-window.txt")" >"$OUT/jfr-summary.txt"
if [[ -f "$OUT/compilation.log" ]]; then
  python3 bench/jit-logcompilation.py "$OUT/compilation.log" "$(head -1 "$OUT/load-window.txt")" \
    "$(tail -1 "$OUT/load-window.txt")" >"$OUT/logcompilation-summary.txt"
fi
cat "$OUT/jfr-summary.txt"
