package io.parley.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.application.api.CursorCodec;
import io.parley.bench.load.Fixtures.Conversation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The HTTP load harness: against a started Parley on demo-data at scale, runs each scenario with
 * wrk after a JIT warm-up, takes the floors in the same run, reads statements per request and cache
 * hit ratios from the service's own metrics, samples the heap, and writes {@code load.json} for
 * {@link BenchReport}.
 *
 * <p>Run by {@code bench/run.sh}; by hand: {@code java -cp bench/target/benchmarks.jar
 * io.parley.bench.load.LoadHarness --out DIR --admin-key K --cursor-secret S [--jdbc URL]
 * [--duration 20] [--warmup 70] [--connections 32]}
 */
public final class LoadHarness {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One measured request mix; {@code warmup} is run during the warm-up instead of it, {@code
   * connections} (0: the run's setting) overrides how many connections wrk keeps open.
   */
  record Scenario(
      String id,
      String title,
      String base,
      List<String> measure,
      List<String> warmup,
      int connections) {
    Scenario(String id, String title, String base, List<String> requests) {
      this(id, title, base, requests, requests, 0);
    }
  }

  private static final String APPEND_BODY =
      "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"nataka ya pili\","
          + "\"providerMessageId\":\"load-#N#\"}";

  /** The scenarios issue 15 asks latency at a fixed arrival rate for. */
  private static final List<String> OPEN_MODEL =
      List.of("context-get", "resolve", "agent-context", "history-newest", "append");

  private final Map<String, String> options;
  private final Path out;
  private final String api;
  private final String admin;

  private LoadHarness(Map<String, String> options) {
    this.options = options;
    this.out = Path.of(options.get("out"));
    this.api = options.getOrDefault("api", "http://127.0.0.1:8080");
    this.admin = options.getOrDefault("admin", "http://127.0.0.1:8081");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    for (String required : List.of("out", "admin-key", "cursor-secret")) {
      if (!options.containsKey(required)) {
        System.err.println("missing --" + required);
        System.exit(2);
      }
    }
    new LoadHarness(options).run();
  }

  private void run() throws Exception {
    Files.createDirectories(out.resolve("requests"));
    Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "70")));
    int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
    Wrk wrk = new Wrk(out, 2);
    // Part of every providerMessageId the harness sends: a run never repeats an earlier run's ids,
    // so appends stay new messages rather than duplicate deliveries.
    String run = Long.toString(Instant.now().getEpochSecond(), 36);
    ServiceMetrics metrics = new ServiceMetrics(admin, options.get("admin-key"));

    progress(
        "fixtures: API keys, the hot conversations' reference lists, a 1,000,000-message conversation, catalog queries");
    Jdbi jdbi =
        Jdbi.create(
            options.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/parley_bench"),
            options.getOrDefault("db-user", "postgres"),
            options.getOrDefault("db-password", ""));
    Fixtures fixtures = new Fixtures(api, options.get("admin-key"), jdbi);
    fixtures.prepare();
    List<Scenario> scenarios = scenarios(fixtures, new CursorCodec(options.get("cursor-secret")));
    boolean partial = options.containsKey("only");
    if (partial) {
      List<String> only = List.of(options.get("only").split(","));
      scenarios = scenarios.stream().filter(s -> only.contains(s.id())).toList();
    }

    long perScenario = Math.max(4, warmup.toSeconds() / scenarios.size());
    progress("warm-up: " + perScenario + " s on each of " + scenarios.size() + " scenarios (JIT)");
    for (Scenario s : scenarios) {
      // the floors' JVMs (the bare application's above all) get no warm-up from other scenarios
      long seconds = s.id().startsWith("floor-") ? 3 * perScenario : perScenario;
      wrk.run(
          s.base(),
          requestFile(s.id() + "-warmup", s.warmup()),
          connectionsFor(s, connections),
          Duration.ofSeconds(seconds),
          run + "-warm");
      drain(jdbi);
    }

    ObjectNode report = JSON.createObjectNode();
    report.put("startedAt", Instant.now().toString());
    report.put("connections", connections);
    report.put("wrkThreads", 2);
    report.put("secondsPerScenario", duration.toSeconds());
    report.put("warmupSeconds", perScenario * scenarios.size());
    ObjectNode data = report.putObject("data");
    data.put("messages", fixtures.databaseMessages);
    data.put("conversations", fixtures.databaseConversations);
    data.put("tenants", fixtures.keys.size());
    data.put("largestCatalog", fixtures.largestCatalog);
    data.put("longConversationMessages", Fixtures.LONG_MESSAGES);

    ArrayNode floors = report.putArray("floors");
    if (!partial) {
      progress("floors: redis-benchmark GET, pgbench -S");
      floors.addPOJO(
          Floors.redisGet(
              options.getOrDefault("redis-host", "127.0.0.1"),
              Integer.parseInt(options.getOrDefault("redis-port", "6379")),
              connections));
      floors.addPOJO(
          Floors.pgbenchSelect(
              options.getOrDefault("pg-host", "127.0.0.1"),
              Integer.parseInt(options.getOrDefault("pg-port", "5432")),
              options.getOrDefault("db-user", "postgres"),
              options.getOrDefault("pgbench-db", "parley_pgbench"),
              Integer.parseInt(options.getOrDefault("pool", "16")),
              (int) duration.toSeconds()));
    }

    ArrayNode results = report.putArray("scenarios");
    long heapPeak = 0;
    for (Scenario s : scenarios) {
      progress("scenario " + s.id() + ": " + s.title());
      ServiceMetrics.Snapshot before = metrics.snapshot();
      AtomicLong peak = new AtomicLong();
      Thread sampler = new Thread(() -> sampleHeap(metrics, peak), "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
      drain(jdbi);
      Wrk.Result result =
          wrk.run(
              s.base(),
              requestFile(s.id(), s.measure()),
              connectionsFor(s, connections),
              duration,
              run + "-" + s.id());
      sampler.interrupt();
      sampler.join();
      ServiceMetrics.Change change = ServiceMetrics.between(before, metrics.snapshot());
      heapPeak = Math.max(heapPeak, peak.get());
      ObjectNode r = results.addObject();
      r.put("id", s.id());
      r.put("title", s.title());
      r.put("connections", connectionsFor(s, connections));
      r.putPOJO("wrk", result);
      r.put("throughput", result.throughput());
      r.put("statementsPerRequest", change.statementsPerRequest());
      r.putPOJO("endpoints", change.endpoints());
      r.putPOJO("hitRatios", change.hitRatios());
      r.putPOJO("reads", change.readsByTarget());
      r.put("heapPeakBytes", peak.get());
      System.out.printf(
          Locale.ROOT,
          "  %,.0f req/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  errors %d/%d  SQL/req %.2f  %s %s%n",
          result.throughput(),
          result.p50Micros() / 1e3,
          result.p99Micros() / 1e3,
          result.p999Micros() / 1e3,
          result.errors(),
          result.statusErrors(),
          change.statementsPerRequest(),
          change.hitRatios(),
          change.readsByTarget());
    }
    if (!partial) {
      openModel(scenarios, results, duration, run);
      progress("write floors: pgbench inserts into a copy of messages, and each index's cost");
      String jdbc = options.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/parley_bench");
      report.putPOJO(
          "writeFloors",
          new WriteFloors(
                  jdbi,
                  out.resolve("requests"),
                  options.getOrDefault("pg-host", "127.0.0.1"),
                  Integer.parseInt(options.getOrDefault("pg-port", "5432")),
                  options.getOrDefault("db-user", "postgres"),
                  jdbc.substring(jdbc.lastIndexOf('/') + 1),
                  (int) duration.toSeconds())
              .measure(Integer.parseInt(options.getOrDefault("pool", "16")), 8));
    }
    metrics.collectGarbage();
    ObjectNode heap = report.putObject("heap");
    heap.put("peakSampledBytes", heapPeak);
    heap.put("liveAfterFullGcBytes", metrics.heapUsedBytes());
    report.put("finishedAt", Instant.now().toString());
    JSON.writeValue(out.resolve("load.json").toFile(), report);
    progress("load.json written");
  }

  private List<Scenario> scenarios(Fixtures f, CursorCodec cursors) {
    List<Conversation> hot = f.hot();
    Conversation longOne = f.longConversation;
    String longPath = f.conversationPath(longOne);
    String longKey = f.keys.get(longOne.tenant());
    String deepCursor =
        cursors.encode("messages|" + longOne.tenant() + "|" + longOne.id(), List.of("51"));
    String search = "/v1/tenants/" + f.largestTenant + "/catalog/products?";
    String largestKey = f.keys.get(f.largestTenant);
    List<String> utterances =
        List.of(
            "nataka ya pili",
            "the second one",
            "2",
            "ya mwisho",
            "the red one",
            "nipe ile ya kwanza");
    List<Scenario> list = new ArrayList<>();
    list.add(
        new Scenario(
            "floor-ping",
            "floor: GET /ping on the application port (Jersey, Parley's filters)",
            api,
            List.of(line("GET", "/ping", "", ""))));
    if (options.containsKey("bare")) {
      list.add(
          new Scenario(
              "floor-bare-ping",
              "floor: GET /ping of a bare Dropwizard application (one Jersey resource, same"
                  + " version and request log)",
              options.get("bare"),
              List.of(line("GET", "/ping", "", ""))));
    }
    list.add(
        new Scenario(
            "floor-admin-ping",
            "floor: admin GET /ping (a servlet, no Jersey)",
            admin,
            List.of(line("GET", "/ping", "", ""))));
    list.add(
        new Scenario(
            "context-get",
            "current reference context, " + count(hot) + " conversations (warm)",
            api,
            each(hot, get(f, "/reference-context"))));
    List<String> resolves = new ArrayList<>();
    for (int i = 0; i < hot.size(); i++) {
      Conversation c = hot.get(i);
      resolves.add(
          line(
              "POST",
              f.conversationPath(c) + "/reference-context/resolve",
              f.keys.get(c.tenant()),
              "{\"text\":\"" + utterances.get(i % utterances.size()) + "\"}"));
    }
    list.add(
        new Scenario(
            "resolve",
            "resolve an utterance, " + count(hot) + " conversations (warm)",
            api,
            resolves));
    list.add(
        new Scenario(
            "history-newest",
            "history newest 20, " + count(f.sample) + " conversations of demo data",
            api,
            each(f.sample, get(f, "/messages?limit=20"))));
    list.add(
        new Scenario(
            "long-newest",
            "history newest 50 of the 1,000,000-message conversation",
            api,
            List.of(line("GET", longPath + "/messages?limit=50", longKey, ""))));
    list.add(
        new Scenario(
            "long-depth-cursor",
            "history 50 at depth 999,950 by cursor (keyset)",
            api,
            List.of(
                line("GET", longPath + "/messages?limit=50&before=" + deepCursor, longKey, ""))));
    list.add(
        new Scenario(
            "long-depth-page",
            "history 50 at depth 999,950 by page number (page 20,000)",
            api,
            List.of(line("GET", longPath + "/messages?page=20000&pageSize=50", longKey, ""))));
    int coldWarmup = Math.min(5_000, f.coldQueries.size() / 4);
    list.add(
        new Scenario(
            "search-cold",
            "catalog search, "
                + String.format(Locale.ROOT, "%,d", f.largestCatalog)
                + " products, every query new (PostgreSQL), 4 connections: it is CPU-bound in"
                + " PostgreSQL, and at 32 it would measure the pool's queue",
            api,
            each(
                f.coldQueries.subList(coldWarmup, f.coldQueries.size()),
                q -> line("GET", search + q, largestKey, "")),
            each(
                f.coldQueries.subList(0, coldWarmup), q -> line("GET", search + q, largestKey, "")),
            4));
    list.add(
        new Scenario(
            "search-warm",
            "catalog search, 50 repeated queries (cached)",
            api,
            each(f.warmQueries, q -> line("GET", search + q, largestKey, ""))));
    list.add(
        new Scenario(
            "suggestions",
            "catalog suggestions, " + count(f.keys.keySet()) + " tenants",
            api,
            each(
                new ArrayList<>(f.keys.keySet()),
                t -> line("GET", "/v1/tenants/" + t + "/catalog/suggestions", f.keys.get(t), ""))));
    list.add(
        new Scenario(
            "agent-context",
            "agent context (history 10, reference list, suggestions), "
                + count(hot)
                + " conversations",
            api,
            each(hot, get(f, "/agent-context?historyLimit=10"))));
    list.add(
        new Scenario(
            "append",
            "message append with a new providerMessageId (idempotency on), "
                + count(f.sample)
                + " conversations",
            api,
            each(
                f.sample,
                c ->
                    line(
                        "POST",
                        f.conversationPath(c) + "/messages",
                        f.keys.get(c.tenant()),
                        APPEND_BODY))));
    list.add(
        new Scenario(
            "batch",
            "batch ingest, 500 messages a request (new providerMessageIds) over each tenant's"
                + " sampled conversations, 8 connections",
            api,
            batches(f),
            batches(f),
            8));
    list.add(
        new Scenario(
            "mixed",
            "mixed: append, newest 20, a cursor page beyond the window, agent context, "
                + count(f.sample)
                + " conversations",
            api,
            mixed(f, cursors)));
    return list;
  }

  /** One batch body per tenant in the sample: 500 messages cycling over its conversations. */
  private static List<String> batches(Fixtures f) {
    Map<java.util.UUID, List<Conversation>> byTenant = new java.util.LinkedHashMap<>();
    f.sample.forEach(c -> byTenant.computeIfAbsent(c.tenant(), t -> new ArrayList<>()).add(c));
    List<String> lines = new ArrayList<>();
    byTenant.forEach(
        (tenant, conversations) -> {
          StringBuilder body = new StringBuilder("{\"messages\":[");
          for (int i = 0; i < 500; i++) {
            body.append(i == 0 ? "" : ",")
                .append("{\"conversationId\":\"")
                .append(conversations.get(i % conversations.size()).id())
                .append(
                    "\",\"direction\":\"in\",\"type\":\"customer_inbound\","
                        + "\"text\":\"nataka ya pili\",\"providerMessageId\":\"batch-#N#-")
                .append(i)
                .append("\"}");
          }
          lines.add(
              line(
                  "POST",
                  "/v1/tenants/" + tenant + "/messages/batch",
                  f.keys.get(tenant),
                  body + "]}"));
        });
    return lines;
  }

  /**
   * The mixed load of the replica run: reads of every kind behind an append to each conversation.
   */
  private static List<String> mixed(Fixtures f, CursorCodec cursors) {
    List<String> lines = new ArrayList<>();
    for (Conversation c : f.sample) {
      String path = f.conversationPath(c);
      String key = f.keys.get(c.tenant());
      String cursor = cursors.encode("messages|" + c.tenant() + "|" + c.id(), List.of("60"));
      lines.add(line("POST", path + "/messages", key, APPEND_BODY));
      lines.add(line("GET", path + "/messages?limit=20", key, ""));
      lines.add(line("GET", path + "/messages?limit=20&before=" + cursor, key, ""));
      lines.add(line("GET", path + "/agent-context?historyLimit=10", key, ""));
    }
    return lines;
  }

  /**
   * Each open-model scenario at 25, 50 and 75 % of the throughput wrk measured for it in this run,
   * half a scenario's duration per rate (at least 5 s), each after the generator's warm-up.
   */
  private void openModel(List<Scenario> scenarios, ArrayNode results, Duration duration, String run)
      throws InterruptedException {
    Duration each = Duration.ofSeconds(Math.max(5, duration.toSeconds() / 2));
    OpenModel generator = new OpenModel();
    for (com.fasterxml.jackson.databind.JsonNode r : results) {
      String id = r.get("id").asText();
      if (!OPEN_MODEL.contains(id)) {
        continue;
      }
      Scenario s = scenarios.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      ArrayNode rates = ((ObjectNode) r).putArray("openModel");
      for (double share : new double[] {0.25, 0.5, 0.75}) {
        double rate = Math.max(1, Math.round(r.get("throughput").asDouble() * share));
        progress(String.format(Locale.ROOT, "open model %s: %,.0f req/s", id, rate));
        OpenModel.Result result =
            generator.run(
                s.base(), s.measure(), rate, OpenModel.WARM_UP, each, run + "-open-" + id + share);
        System.out.printf(
            Locale.ROOT,
            "  achieved %,.0f req/s  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  errors %d%n",
            result.achieved(),
            result.p50Millis(),
            result.p99Millis(),
            result.p999Millis(),
            result.errors());
        ObjectNode o = rates.addObject();
        o.put("share", share);
        o.putPOJO("result", result);
      }
    }
  }

  private static int connectionsFor(Scenario s, int connections) {
    return s.connections() > 0 ? s.connections() : connections;
  }

  /**
   * Waits until PostgreSQL has finished what the last scenario left running (wrk stops sending, but
   * queries it started may still be queued), so that one scenario's tail is not the next's.
   */
  private static void drain(Jdbi jdbi) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'parley'"
                                + " AND state = 'active'")
                        .mapTo(Long.class)
                        .one())
            > 0) {
      Thread.sleep(200);
    }
  }

  private static String count(java.util.Collection<?> items) {
    return String.format(Locale.ROOT, "%,d", items.size());
  }

  /** A GET of {@code suffix} under a conversation, with its tenant's key. */
  private static Function<Conversation, String> get(Fixtures f, String suffix) {
    return c -> line("GET", f.conversationPath(c) + suffix, f.keys.get(c.tenant()), "");
  }

  private static <T> List<String> each(List<T> items, Function<T, String> line) {
    return items.stream().map(line).toList();
  }

  private static String line(String method, String path, String key, String body) {
    return method + "\t" + path + "\t" + key + "\t" + body;
  }

  private Path requestFile(String name, List<String> lines) throws IOException {
    Path file = out.resolve("requests").resolve(name + ".tsv");
    Files.write(file, lines);
    return file;
  }

  private static void sampleHeap(ServiceMetrics metrics, AtomicLong peak) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(metrics.heapUsedBytes(), Math::max);
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the service's heap gauge", e);
    }
  }

  private static void progress(String stage) {
    System.out.printf(Locale.ROOT, "[%tT] %s%n", java.time.LocalTime.now(), stage);
  }
}
