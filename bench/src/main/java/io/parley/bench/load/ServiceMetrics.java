package io.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own counters, read from admin {@code /metrics}: requests and SQL statements per
 * endpoint, hits and misses per cache tier, and the heap. A scenario's figures are the change
 * between two snapshots.
 */
final class ServiceMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REQUESTS = Pattern.compile("http\\.(.+)\\.requests");
  private static final Pattern STATEMENTS = Pattern.compile("http\\.(.+)\\.sql-statements-total");
  private static final Pattern READS = Pattern.compile("http\\.(.+)\\.reads\\.([a-z]+)");
  private static final Pattern CACHE = Pattern.compile("cache\\.(.+\\.l[12])\\.(hits|misses)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String adminUrl;
  private final String adminKey;

  /** The admin port answers the admin key only. */
  ServiceMetrics(String adminUrl, String adminKey) {
    this.adminUrl = adminUrl;
    this.adminKey = adminKey;
  }

  /** Cumulative counts at one moment. */
  record Snapshot(
      Map<String, Long> requests,
      Map<String, Long> statements,
      Map<String, long[]> caches,
      Map<String, Long> reads) {}

  /** What happened between two snapshots. */
  record Change(
      long requests,
      long statements,
      Map<String, Long> endpoints,
      Map<String, Double> hitRatios,
      Map<String, Long> readsByTarget) {
    double statementsPerRequest() {
      return requests == 0 ? 0 : (double) statements / requests;
    }
  }

  Snapshot snapshot() throws IOException, InterruptedException {
    JsonNode metrics = get("/metrics");
    Map<String, Long> requests = new HashMap<>();
    metrics
        .get("timers")
        .fields()
        .forEachRemaining(
            e -> {
              Matcher m = REQUESTS.matcher(e.getKey());
              if (m.matches()) {
                requests.put(m.group(1), e.getValue().get("count").asLong());
              }
            });
    Map<String, Long> statements = new HashMap<>();
    Map<String, long[]> caches = new HashMap<>();
    Map<String, Long> reads = new HashMap<>();
    metrics
        .get("counters")
        .fields()
        .forEachRemaining(
            e -> {
              long count = e.getValue().get("count").asLong();
              Matcher s = STATEMENTS.matcher(e.getKey());
              Matcher c = CACHE.matcher(e.getKey());
              Matcher r = READS.matcher(e.getKey());
              if (r.matches()) {
                reads.merge(r.group(2), count, Long::sum);
              } else if (s.matches()) {
                statements.put(s.group(1), count);
              } else if (c.matches()) {
                caches
                        .computeIfAbsent(c.group(1), k -> new long[2])[
                        c.group(2).equals("hits") ? 0 : 1] =
                    count;
              }
            });
    return new Snapshot(requests, statements, caches, reads);
  }

  static Change between(Snapshot before, Snapshot after) {
    Map<String, Long> endpoints = new TreeMap<>();
    long requests = 0;
    long statements = 0;
    for (var e : after.requests().entrySet()) {
      long served = e.getValue() - before.requests().getOrDefault(e.getKey(), 0L);
      if (served > 0) {
        endpoints.put(e.getKey(), served);
        requests += served;
        statements +=
            after.statements().getOrDefault(e.getKey(), 0L)
                - before.statements().getOrDefault(e.getKey(), 0L);
      }
    }
    Map<String, Double> ratios = new TreeMap<>();
    for (var e : after.caches().entrySet()) {
      long[] was = before.caches().getOrDefault(e.getKey(), new long[2]);
      long hits = e.getValue()[0] - was[0];
      long misses = e.getValue()[1] - was[1];
      if (hits + misses > 0) {
        ratios.put(e.getKey(), (double) hits / (hits + misses));
      }
    }
    Map<String, Long> reads = new TreeMap<>();
    after
        .reads()
        .forEach(
            (target, count) -> {
              long change = count - before.reads().getOrDefault(target, 0L);
              if (change > 0) {
                reads.put(target, change);
              }
            });
    return new Change(requests, statements, endpoints, ratios, reads);
  }

  long heapUsedBytes() throws IOException, InterruptedException {
    return get("/metrics").get("gauges").get("jvm.memory.heap.used").get("value").asLong();
  }

  /** Dropwizard's admin task: a full collection, after which the heap in use is what is live. */
  void collectGarbage() throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(URI.create(adminUrl + "/tasks/gc"))
            .header("Authorization", "Bearer " + adminKey)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(adminUrl + path))
                .header("Authorization", "Bearer " + adminKey)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
