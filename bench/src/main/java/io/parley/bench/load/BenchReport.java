package io.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's raw results ({@code load.json} from {@link LoadHarness}, {@code jmh.json}, the
 * depth curve's {@code depth.tsv}, {@code environment.txt}) into {@code report.md}, {@code
 * report.json} and PNG charts (gnuplot), and says for each of issue 6's targets whether it was met
 * and by how much.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.parley.bench.load.BenchReport DIR}
 */
public final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long HEAP_LIMIT = 512L * 1024 * 1024;

  private final Path dir;
  private final JsonNode load;
  private final Map<String, JsonNode> scenarios = new LinkedHashMap<>();
  private final Map<String, JsonNode> jmh = new LinkedHashMap<>();
  private final List<double[]> depth = new ArrayList<>();
  private final ArrayNode targets = JSON.createArrayNode();
  private final StringBuilder md = new StringBuilder();
  private final Map<String, JsonNode> before = new LinkedHashMap<>();
  private final Path beforeDir;
  private JsonNode replica;
  private String issue = "6";

  private BenchReport(Path dir, Path beforeDir) throws IOException {
    this.dir = dir;
    this.beforeDir = beforeDir;
    this.load = JSON.readTree(dir.resolve("load.json").toFile());
    load.get("scenarios").forEach(s -> scenarios.put(s.get("id").asText(), s));
    if (beforeDir != null && Files.exists(beforeDir.resolve("report.json"))) {
      JSON.readTree(beforeDir.resolve("report.json").toFile())
          .path("load")
          .path("scenarios")
          .forEach(s -> before.put(s.get("id").asText(), s));
    }
    if (Files.exists(dir.resolve("replica/load.json"))) {
      replica = JSON.readTree(dir.resolve("replica/load.json").toFile());
    }
    Path jmhFile = dir.resolve("jmh.json");
    if (Files.exists(jmhFile)) {
      for (JsonNode b : JSON.readTree(jmhFile.toFile())) {
        String name = b.get("benchmark").asText();
        jmh.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), b);
      }
    }
    Path depthFile = dir.resolve("depth.tsv");
    if (Files.exists(depthFile)) {
      Files.readAllLines(depthFile).stream()
          .skip(1)
          .filter(l -> !l.isBlank())
          .forEach(
              l -> {
                String[] f = l.split("\t");
                double[] row = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                  row[i] = Double.parseDouble(f[i]);
                }
                depth.add(row);
              });
    }
  }

  public static void main(String[] args) throws Exception {
    new BenchReport(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null).write();
  }

  private void write() throws IOException, InterruptedException {
    evaluateTargets();
    header();
    targetsTable();
    scenarioTable();
    beforeAfterTable();
    openModelTable();
    floorsTable();
    writeFloorsTable();
    replicaTable();
    jmhTable();
    depthTable();
    heap();
    Files.writeString(dir.resolve("report.md"), md);
    ObjectNode json = JSON.createObjectNode();
    json.set("targets", targets);
    if (replica != null) {
      json.set("replica", replica);
    }
    json.set("load", load);
    json.putPOJO("jmh", jmh);
    json.putPOJO("depth", depth);
    JSON.writeValue(dir.resolve("report.json").toFile(), json);
    charts();
  }

  // ---- targets

  private void evaluateTargets() {
    JsonNode floor = scenarios.get("floor-ping");
    for (String id : List.of("context-get", "resolve")) {
      JsonNode s = scenarios.get(id);
      double share = throughput(s) / throughput(floor);
      double p99 = p99(s) / p99(floor);
      target(
          id + ": >= 85 % of the trivial endpoint's throughput, p99 within 1.3x of its p99",
          String.format(
              Locale.ROOT,
              "%,.0f req/s = %.0f %% of %,.0f; p99 %.2f ms = %.2fx of %.2f ms",
              throughput(s),
              share * 100,
              throughput(floor),
              p99(s),
              p99,
              p99(floor)),
          share >= 0.85 && p99 <= 1.3,
          share >= 0.85
              ? ""
              : String.format(Locale.ROOT, "throughput short by %.0f points", 85 - share * 100));
    }
    JsonNode newest = scenarios.get("long-newest");
    JsonNode deep = scenarios.get("long-depth-cursor");
    double ratio = p50(deep) / p50(newest);
    target(
        "history page at depth 1M by cursor within 1.2x of the newest page",
        String.format(
            Locale.ROOT,
            "p50 %.2f vs %.2f ms (%.2fx); p99 %.2f vs %.2f ms (%.2fx)",
            p50(deep),
            p50(newest),
            ratio,
            p99(deep),
            p99(newest),
            p99(deep) / p99(newest)),
        ratio <= 1.2,
        "");
    if (!depth.isEmpty()) {
      double[] last = depth.get(depth.size() - 1);
      target(
          "OFFSET (the original's method) at the same depth, shown with its ratio",
          String.format(
              Locale.ROOT,
              "at depth %,d: OFFSET p50 %.1f ms vs cursor %.2f ms = %.0fx (depth benchmark)",
              (long) last[0],
              last[5],
              last[1],
              last[5] / last[1]),
          null,
          "");
    }
    if (jmh.containsKey("ReferenceContextReadBenchmark.l1Hit")) {
      double l1 = score("ReferenceContextReadBenchmark.l1Hit");
      double jedis = score("ReferenceContextReadBenchmark.jedisClientSideCacheHit");
      double redisson = score("ReferenceContextReadBenchmark.redissonLocalCacheHit");
      target("L1 hit <= 100 ns", String.format(Locale.ROOT, "%.1f ns", l1), l1 <= 100, "");
      target(
          "two-tier read (L1 hit) >= 10x faster than Jedis's client-side cache hit",
          String.format(Locale.ROOT, "%.1f ns vs %.0f ns: %.0fx", l1, jedis, jedis / l1),
          jedis / l1 >= 10,
          "");
      target(
          "two-tier read no slower than Redisson's local cache hit",
          String.format(
              Locale.ROOT, "%.1f ns vs %.0f ns: %.1fx faster", l1, redisson, redisson / l1),
          l1 <= redisson,
          "");
    }
    JsonNode agent = scenarios.get("agent-context");
    target(
        "agent context warm p99 < 5 ms at 32 connections",
        String.format(
            Locale.ROOT,
            "p99 %.2f ms at %d connections (the trivial endpoint's own p99 there: %.2f ms)",
            p99(agent),
            agent.get("connections").asInt(),
            p99(floor)),
        p99(agent) < 5,
        p99(agent) < 5 ? "" : String.format(Locale.ROOT, "%.1fx over", p99(agent) / 5));
    JsonNode append = scenarios.get("append");
    long appendErrors = errors(append);
    target(
        "message append >= 5,000 messages/s with idempotency on",
        String.format(Locale.ROOT, "%,.0f messages/s, %d errors", throughput(append), appendErrors),
        throughput(append) >= 5000 && appendErrors == 0,
        throughput(append) >= 5000
            ? ""
            : String.format(Locale.ROOT, "%.0f %% short", 100 - throughput(append) / 50));
    long peak = load.get("heap").get("peakSampledBytes").asLong();
    target(
        "heap under 512 MB throughout (service run with -Xmx512m)",
        String.format(
            Locale.ROOT,
            "peak sampled %d MB; live after a full GC at the end %d MB",
            peak >> 20,
            load.get("heap").get("liveAfterFullGcBytes").asLong() >> 20),
        peak < HEAP_LIMIT,
        "");
    issue = "12";
    readsTargets();
    issue = "15";
    ingestTargets();
  }

  private void readsTargets() {
    JsonNode context = scenarios.get("context-get");
    for (String id : List.of("agent-context", "long-newest", "history-newest")) {
      JsonNode s = scenarios.get(id);
      double share = throughput(s) / throughput(context);
      double p99 = p99(s) / p99(context);
      target(
          s.get("title").asText()
              + ": >= 0.6x the reference-context GET's throughput, p99 <= 2x its p99",
          String.format(
              Locale.ROOT,
              "%,.0f req/s = %.2fx of %,.0f (%.2fx of ping); p99 %.2f ms = %.2fx of %.2f ms",
              throughput(s),
              share,
              throughput(context),
              throughput(s) / throughput(scenarios.get("floor-ping")),
              p99(s),
              p99,
              p99(context)),
          share >= 0.6 && p99 <= 2,
          share >= 0.6 ? (p99 <= 2 ? "" : "p99 over") : "throughput short");
    }
    if (replica != null) {
      for (JsonNode s : replica.get("scenarios")) {
        if (s.get("id").asText().equals("mixed")) {
          target(
              "replica run (BENCH_REPLICA=1): share of reads the replica serves under the mixed load",
              readShares(s.get("reads")),
              null,
              "");
        }
      }
    }
  }

  private void ingestTargets() {
    JsonNode batch = scenarios.get("batch");
    JsonNode append = scenarios.get("append");
    JsonNode batchFloor = writeFloor(500);
    JsonNode singleFloor = writeFloor(1);
    if (batch != null && batchFloor != null) {
      double batchRows = throughput(batch) * 500;
      double ratio = batchRows / batchFloor.get("rowsPerSecond").asDouble();
      target(
          "batch ingest >= 20,000 messages/s and >= 0.5x the 500-row pgbench floor",
          String.format(
              Locale.ROOT,
              "%,.0f messages/s (%,.1f batches/s, %d errors) = %.2fx of %,.0f rows/s",
              batchRows,
              throughput(batch),
              errors(batch),
              ratio,
              batchFloor.get("rowsPerSecond").asDouble()),
          batchRows >= 20_000 && ratio >= 0.5 && errors(batch) == 0,
          "");
    }
    if (singleFloor != null) {
      double ratio = throughput(append) / singleFloor.get("rowsPerSecond").asDouble();
      target(
          "single appends >= 0.5x the single-row pgbench floor, 0 errors, p99 <= 50 ms at 32"
              + " connections",
          String.format(
              Locale.ROOT,
              "%,.0f messages/s = %.2fx of %,.0f rows/s; %d errors; p99 %.2f ms",
              throughput(append),
              ratio,
              singleFloor.get("rowsPerSecond").asDouble(),
              errors(append),
              p99(append)),
          ratio >= 0.5 && errors(append) == 0 && p99(append) <= 50,
          "");
    }
    JsonNode cold = scenarios.get("search-cold");
    target(
        "cold search p99 <= 50 ms at 4 connections on 100,000 products",
        String.format(
            Locale.ROOT,
            "p99 %.2f ms, p50 %.2f ms, %,.0f req/s%s",
            p99(cold),
            p50(cold),
            throughput(cold),
            before.containsKey("search-cold")
                ? String.format(
                    Locale.ROOT, " (before: p99 %.2f ms)", p99(before.get("search-cold")))
                : ""),
        p99(cold) <= 50,
        "");
    JsonNode warm = scenarios.get("search-warm");
    target(
        "warm search unchanged",
        String.format(
            Locale.ROOT,
            "%.2fx of ping (before: %s)",
            throughput(warm) / throughput(scenarios.get("floor-ping")),
            ratioBefore("search-warm")),
        null,
        "");
    JsonNode bare = scenarios.get("floor-bare-ping");
    JsonNode ping = scenarios.get("floor-ping");
    if (bare != null) {
      double ratio = throughput(bare) / throughput(ping);
      target(
          "GET /ping within 1.2x of the bare Dropwizard floor",
          String.format(
              Locale.ROOT,
              "bare %,.0f req/s, Parley %,.0f req/s: the bare one is %.2fx (p99 %.2f vs %.2f ms)",
              throughput(bare),
              throughput(ping),
              ratio,
              p99(bare),
              p99(ping)),
          ratio <= 1.2,
          "");
    }
    for (String id : List.of("context-get", "resolve")) {
      double share = throughput(scenarios.get(id)) / throughput(ping);
      target(
          id + " >= 0.85x of GET /ping",
          String.format(Locale.ROOT, "%.2fx", share),
          share >= 0.85,
          "");
    }
    for (JsonNode s : scenarios.values()) {
      for (JsonNode rate : s.path("openModel")) {
        if (rate.get("share").asDouble() == 0.5) {
          JsonNode r = rate.get("result");
          double ratio = r.get("p99Millis").asDouble() / r.get("p50Millis").asDouble();
          target(
              "open model, " + s.get("id").asText() + " at 50 % of max: p99 <= 3x p50",
              String.format(
                  Locale.ROOT,
                  "%,.0f req/s: p50 %.2f ms, p99 %.2f ms = %.1fx",
                  r.get("rate").asDouble(),
                  r.get("p50Millis").asDouble(),
                  r.get("p99Millis").asDouble(),
                  ratio),
              ratio <= 3 && r.get("errors").asLong() == 0,
              "");
        }
      }
    }
  }

  private JsonNode writeFloor(int rows) {
    for (JsonNode f : load.path("writeFloors")) {
      if (f.get("name").asText().startsWith("floor")
          && f.get("rowsPerTransaction").asInt() == rows) {
        return f;
      }
    }
    return null;
  }

  private String ratioBefore(String id) {
    JsonNode was = before.get(id);
    JsonNode wasPing = before.get("floor-ping");
    return was == null || wasPing == null
        ? "not measured"
        : String.format(Locale.ROOT, "%.2fx", throughput(was) / throughput(wasPing));
  }

  private static String readShares(JsonNode reads) {
    long total = 0;
    for (JsonNode n : reads) {
      total += n.asLong();
    }
    List<String> parts = new ArrayList<>();
    long all = total;
    reads
        .fields()
        .forEachRemaining(
            e ->
                parts.add(
                    String.format(
                        Locale.ROOT,
                        "%s %.0f %% (%,d)",
                        e.getKey(),
                        100.0 * e.getValue().asLong() / all,
                        e.getValue().asLong())));
    return total == 0 ? "no reads counted" : String.join(", ", parts);
  }

  /** {@code met} null: a figure the issue asks to be shown, not a target. */
  private void target(String what, String measured, Boolean met, String shortBy) {
    ObjectNode t = targets.addObject();
    t.put("issue", issue);
    t.put("target", what);
    t.put("measured", measured);
    if (met == null) {
      t.putNull("met");
    } else {
      t.put("met", met);
    }
    t.put("shortBy", shortBy);
  }

  // ---- markdown

  private void header() throws IOException {
    JsonNode data = load.get("data");
    md.append("# Parley benchmark report\n\n");
    Path env = dir.resolve("environment.txt");
    if (Files.exists(env)) {
      md.append("```\n").append(Files.readString(env).strip()).append("\n```\n\n");
    }
    md.append(
        String.format(
            Locale.ROOT,
            "Data (demo-data): %,d tenants, %,d conversations, %,d messages; %,d products in the"
                + " largest catalog; one conversation of %,d messages for the depth scenarios.\n\n",
            data.get("tenants").asLong(),
            data.get("conversations").asLong(),
            data.get("messages").asLong(),
            data.get("largestCatalog").asLong(),
            data.get("longConversationMessages").asLong()));
    md.append(
        String.format(
            Locale.ROOT,
            "Load: wrk, closed loop, %d threads, %d connections unless a row says otherwise, %d s"
                + " per scenario after a %d s warm-up over all scenarios; the load generator shares"
                + " the 2 cores with the service, PostgreSQL and Redis, so figures are meaningful"
                + " as ratios to the floors taken in the same run (%s to %s).\n\n",
            load.get("wrkThreads").asInt(),
            load.get("connections").asInt(),
            load.get("secondsPerScenario").asInt(),
            load.get("warmupSeconds").asInt(),
            load.get("startedAt").asText(),
            load.get("finishedAt").asText()));
  }

  private void targetsTable() {
    String current = null;
    for (JsonNode t : targets) {
      if (!t.get("issue").asText().equals(current)) {
        current = t.get("issue").asText();
        md.append(current.equals("6") ? "" : "\n")
            .append("## Targets (issue ")
            .append(current)
            .append(")\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
      }
      md.append("| ")
          .append(t.get("target").asText())
          .append(" | ")
          .append(t.get("measured").asText())
          .append(" | ")
          .append(t.get("met").isNull() ? "shown" : t.get("met").asBoolean() ? "met" : "**missed**")
          .append(t.get("shortBy").asText().isEmpty() ? "" : ": " + t.get("shortBy").asText())
          .append(" |\n");
    }
    md.append("\n");
  }

  private void scenarioTable() {
    JsonNode floor = scenarios.get("floor-ping");
    md.append("## HTTP scenarios\n\n")
        .append("![latency by scenario](latency.png)\n\n")
        .append(
            "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | SQL/req |"
                + " cache hit ratio | req/s vs floor | p99 vs floor | SQL/s vs pgbench |\n")
        .append(
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |\n");
    for (JsonNode s : scenarios.values()) {
      JsonNode w = s.get("wrk");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,.0f | %.2f | %.2f | %.2f | %.2f | %d | %.2f | %s | %.2f | %.2fx | %.3f |\n",
              s.get("title").asText(),
              s.get("connections").asInt(),
              throughput(s),
              w.get("p50Micros").asLong() / 1e3,
              w.get("p90Micros").asLong() / 1e3,
              p99(s),
              w.get("p999Micros").asLong() / 1e3,
              errors(s),
              s.get("statementsPerRequest").asDouble(),
              ratios(s.get("hitRatios")),
              throughput(s) / throughput(floor),
              p99(s) / p99(floor),
              throughput(s) * s.get("statementsPerRequest").asDouble() / pgbenchThroughput()));
    }
    md.append(
        "\nerrors: connection errors, timeouts and non-2xx answers. SQL/req and hit ratios are the"
            + " change in the service's own counters (admin /metrics) over the scenario. Floor:"
            + " GET /ping on the application port in the same run. SQL/s vs pgbench: the"
            + " statements per second the scenario ran over pgbench -S's selects per second.\n\n");
    if (Files.exists(dir.resolve("profiles.md"))) {
      md.append(
          "Where the time goes in the scenarios that miss their targets (profiles taken"
              + " separately, with the commands to repeat them): [profiles.md](profiles.md).\n\n");
    }
  }

  private void beforeAfterTable() {
    if (before.isEmpty()) {
      return;
    }
    md.append("## Before and after (issue 12)\n\nBefore: ")
        .append(beforeDir)
        .append(
            "/report.md, the same harness and data before the conversation windows and the read")
        .append(" path's changes.\n\n")
        .append(
            "| scenario | before: x ping | before: x context GET | now: x ping | now: x context GET |")
        .append(" before p99 / context p99 | now p99 / context p99 |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (String id : List.of("agent-context", "history-newest", "long-newest", "context-get")) {
      JsonNode was = before.get(id);
      JsonNode now = scenarios.get(id);
      if (was == null || now == null) {
        continue;
      }
      JsonNode wasPing = before.get("floor-ping");
      JsonNode wasContext = before.get("context-get");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2fx |\n",
              now.get("title").asText(),
              throughput(was) / throughput(wasPing),
              throughput(was) / throughput(wasContext),
              throughput(now) / throughput(scenarios.get("floor-ping")),
              throughput(now) / throughput(scenarios.get("context-get")),
              p99(was) / p99(wasContext),
              p99(now) / p99(scenarios.get("context-get"))));
    }
    md.append("\n");
  }

  private void openModelTable() {
    StringBuilder rows = new StringBuilder();
    for (JsonNode s : scenarios.values()) {
      for (JsonNode rate : s.path("openModel")) {
        JsonNode r = rate.get("result");
        rows.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f %% | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %d |\n",
                s.get("id").asText(),
                rate.get("share").asDouble() * 100,
                r.get("rate").asDouble(),
                r.get("achieved").asDouble(),
                r.get("p50Millis").asDouble(),
                r.get("p99Millis").asDouble(),
                r.get("p999Millis").asDouble(),
                r.get("maxMillis").asDouble(),
                r.get("errors").asLong()));
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Latency at a fixed arrival rate (open model)\n\n")
        .append(
            "Requests sent at a fixed rate (25, 50 and 75 % of the throughput wrk measured for the")
        .append(
            " scenario above) over 32 keep-alive connections, each on its own schedule (wrk2's model, `OpenModel.java`), latency from when each request was due")
        .append(
            " (coordinated omission corrected, HdrHistogram), half a scenario's time per rate.\n\n")
        .append(
            "| scenario | share of max | rate /s | achieved /s | p50 ms | p99 ms | p99.9 ms | max ms |")
        .append(" errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
        .append(rows)
        .append("\n");
  }

  private void writeFloorsTable() {
    if (!load.has("writeFloors")) {
      return;
    }
    md.append("## Write floors and index costs (pgbench, same run)\n\n")
        .append("pgbench inserting customer messages with a provider id into a copy of `messages`")
        .append(" in the bench database (2,000,000 of its rows, so indexes of a realistic size),")
        .append(" durable commits; `-M prepared -j 2`, random conversations among 20,000. The")
        .append(" index-cost rows add one index set at a time to the same table.\n\n")
        .append("| run | indexes | rows/txn | clients | txn/s | rows/s | mean ms | µs per row and")
        .append(" client |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (JsonNode f : load.get("writeFloors")) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %d | %,.0f | %,.0f | %.3f | %.1f |\n",
              f.get("name").asText(),
              f.get("indexes").asText(),
              f.get("rowsPerTransaction").asInt(),
              f.get("clients").asInt(),
              f.get("transactionsPerSecond").asDouble(),
              f.get("rowsPerSecond").asDouble(),
              f.get("meanMillis").asDouble(),
              f.get("meanMillis").asDouble() * 1000 / f.get("rowsPerTransaction").asInt()));
    }
    md.append("\n");
  }

  private void replicaTable() {
    if (replica == null) {
      return;
    }
    md.append("## Read replica (BENCH_REPLICA=1)\n\n")
        .append("The service restarted with `DATABASE_REPLICA_URLS` naming a hot standby of the")
        .append(
            " same PostgreSQL (pg_basebackup, streaming, same machine); reads by target are the")
        .append(" change in `parley_http_reads_total` over each scenario.\n\n")
        .append(
            "| scenario | req/s | p99 ms | errors | reads by target |\n| --- | ---: | ---: | ---: | --- |\n");
    for (JsonNode s : replica.get("scenarios")) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %.2f | %d | %s |\n",
              s.get("title").asText(),
              throughput(s),
              p99(s),
              errors(s),
              readShares(s.get("reads"))));
    }
    md.append("\n");
  }

  private void floorsTable() {
    md.append(
            "## Floors in the same run\n\n| floor | command | throughput /s | mean ms | p50 ms | p99 ms |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (String id : List.of("floor-ping", "floor-bare-ping", "floor-admin-ping")) {
      JsonNode s = scenarios.get(id);
      if (s == null) {
        continue;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | wrk | %,.0f | %.2f | %.2f | %.2f |\n",
              s.get("title").asText(),
              throughput(s),
              s.get("wrk").get("meanMicros").asDouble() / 1e3,
              p50(s),
              p99(s)));
    }
    for (JsonNode f : load.get("floors")) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | `%s` | %,.0f | %.3f | %s | %s |\n",
              f.get("name").asText(),
              f.get("command").asText(),
              f.get("throughput").asDouble(),
              f.get("meanMillis").asDouble(),
              f.get("p50Millis").isNull() ? "-" : f.get("p50Millis").asText(),
              f.get("p99Millis").isNull() ? "-" : f.get("p99Millis").asText()));
    }
    md.append("\n");
  }

  private void jmhTable() {
    if (jmh.isEmpty()) {
      return;
    }
    md.append(
        "## JMH (same run)\n\n| benchmark | score | ± error (99.9 %) | unit |\n| --- | ---: | ---: | --- |\n");
    jmh.forEach(
        (name, b) -> {
          JsonNode m = b.get("primaryMetric");
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %,.1f | %,.1f | %s |\n",
                  name,
                  m.get("score").asDouble(),
                  m.get("scoreError").asDouble(),
                  m.get("scoreUnit").asText()));
        });
    md.append(
        "\nReads: Parley's L1 returns the parsed context; Redisson's and Jedis's local caches return"
            + " the stored string (version and JSON), which a caller would still parse. All local"
            + " caches: 100,000 entries, 5 s after write (Jedis's has no time bound). Writes: one"
            + " client writes, a second client whose local cache held the old value spins until it"
            + " reads the new one.\n\n");
  }

  private void depthTable() {
    if (depth.isEmpty()) {
      return;
    }
    md.append("## History page by depth (one 1,000,000-message conversation, 50-message pages)\n\n")
        .append("![depth curve](depth.png)\n\n")
        .append(
            "| depth | keyset cursor p50 / p99 ms | page number p50 / p99 ms | OFFSET p50 / p99 ms |"
                + " OFFSET / cursor |\n| ---: | ---: | ---: | ---: | ---: |\n");
    for (double[] r : depth) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.1fx |\n",
              (long) r[0],
              r[1],
              r[2],
              r[3],
              r[4],
              r[5],
              r[6],
              r[5] / r[1]));
    }
    md.append(
        "\nMeasured in-process against the adapters (no HTTP), 100 runs per point after 20 to warm;"
            + " OFFSET is the original's query, `ORDER BY seq DESC LIMIT 50 OFFSET depth`, reading"
            + " three columns where Parley's reads the whole message, which is why it is faster"
            + " near the top.\n\n");
  }

  private void heap() {
    JsonNode heap = load.get("heap");
    md.append("## Heap\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "The service ran with `-Xmx512m`. Heap in use, sampled every 0.5 s during every"
                    + " scenario: peak %d MB. After a full GC at the end (all scenarios' caches"
                    + " filled as far as their bounds and the 5 s TTL allow): %d MB live. L1 bounds:"
                    + " each near-cache holds at most its `nearCache.maxBytes` of heap (config.yml:"
                    + " API keys 8 MiB, reference contexts 24 MiB, catalog results 24 MiB, catalog"
                    + " versions 1 MiB) for `nearCache.ttl` = 5 s; the decoded conversation windows"
                    + " at most `nearCache.maxBytes.windows` (64 MiB) and their rendered JSON"
                    + " `api.maxRenderedJsonBytes` (24 MiB).\n\n",
                heap.get("peakSampledBytes").asLong() >> 20,
                heap.get("liveAfterFullGcBytes").asLong() >> 20));
  }

  // ---- charts

  private void charts() throws IOException, InterruptedException {
    StringBuilder latency = new StringBuilder();
    int i = 0;
    for (JsonNode s : scenarios.values()) {
      latency.append(
          String.format(
              Locale.ROOT,
              "%d \"%s\" %.3f %.3f %.3f %.0f%n",
              i++,
              s.get("id").asText(),
              p50(s),
              p99(s),
              s.get("wrk").get("p999Micros").asLong() / 1e3,
              throughput(s)));
    }
    Files.writeString(dir.resolve("latency.dat"), latency);
    String plot =
        """
        set terminal pngcairo size 1100,560 font ",10"
        set datafile separator whitespace
        set output "latency.png"
        set title "Latency by scenario (log scale); bars: p50, p99, p99.9"
        set ylabel "ms"
        set logscale y
        set style data histograms
        set style histogram clustered gap 1
        set style fill solid 0.8 border -1
        set xtics rotate by -35
        set grid ytics
        plot "latency.dat" using 3:xtic(2) title "p50", "" using 4 title "p99", "" using 5 title "p99.9"
        """;
    if (!depth.isEmpty()) {
      StringBuilder rows = new StringBuilder();
      for (double[] r : depth) {
        rows.append(
            String.format(
                Locale.ROOT, "\"%s\" %.3f %.3f %.3f%n", label((long) r[0]), r[1], r[3], r[5]));
      }
      Files.writeString(dir.resolve("depth.dat"), rows);
      plot +=
          """
          set output "depth.png"
          set terminal pngcairo size 800,500 font ",10"
          set title "History page (50 messages) by depth in a 1,000,000-message conversation, p50"
          set xlabel "messages newer than the page"
          set ylabel "ms (log scale)"
          unset style
          set style data linespoints
          set xtics norotate
          plot "depth.dat" using 2:xtic(1) title "keyset cursor (Parley)" lw 2, "" using 3 title "page number (Parley)" lw 2, "" using 4 title "OFFSET (the original)" lw 2
          """;
    }
    Files.writeString(dir.resolve("charts.gp"), plot);
    Process gnuplot =
        new ProcessBuilder("gnuplot", "charts.gp").directory(dir.toFile()).inheritIO().start();
    if (gnuplot.waitFor() != 0) {
      throw new IllegalStateException("gnuplot failed");
    }
  }

  private static String label(long depth) {
    return depth == 0
        ? "0"
        : depth >= 999_000 ? "1M" : depth >= 1000 ? depth / 1000 + "k" : Long.toString(depth);
  }

  // ---- figures

  private double score(String name) {
    return jmh.get(name).get("primaryMetric").get("score").asDouble();
  }

  private double pgbenchThroughput() {
    for (JsonNode f : load.get("floors")) {
      if (f.get("name").asText().startsWith("PostgreSQL")) {
        return f.get("throughput").asDouble();
      }
    }
    return Double.NaN;
  }

  private static double throughput(JsonNode s) {
    return s.get("throughput").asDouble();
  }

  private static double p50(JsonNode s) {
    return s.get("wrk").get("p50Micros").asLong() / 1e3;
  }

  private static double p99(JsonNode s) {
    return s.get("wrk").get("p99Micros").asLong() / 1e3;
  }

  private static long errors(JsonNode s) {
    return s.get("wrk").get("errors").asLong() + s.get("wrk").get("statusErrors").asLong();
  }

  private static String ratios(JsonNode hitRatios) {
    List<String> parts = new ArrayList<>();
    hitRatios
        .fields()
        .forEachRemaining(
            e ->
                parts.add(
                    String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue().asDouble())));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }
}
