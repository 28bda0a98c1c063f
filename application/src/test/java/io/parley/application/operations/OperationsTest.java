package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator sees: Prometheus text and health checks. */
class OperationsTest {
  /** A sample line of the Prometheus text format: name, optional labels, value, optional time. */
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
              + "(NaN|[+-]?Inf|[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?)( -?[0-9]+)?");

  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)");

  /**
   * What {@code promtool check metrics} prints about a scrape (empty when it finds nothing). The
   * machine's promtool (Debian's prometheus package; .ci/run installs it when missing).
   */
  private static String promtoolCheckMetrics(String scrape) throws Exception {
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = promtool.getOutputStream()) {
      in.write(scrape.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String output = new String(promtool.getInputStream().readAllBytes());
    int exit = promtool.waitFor();
    return exit == 0 ? output.strip() : "exit " + exit + ": " + output.strip();
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> PROMQL_WORDS =
      Set.of("sum", "max", "min", "avg", "by", "rate", "increase", "and", "or", "on", "without");

  /**
   * The series names in every expr of ops/prometheus/parley-rules.yml and ops/grafana/parley.json.
   */
  private static Set<String> seriesNamedByTheRulesAndTheDashboard() throws Exception {
    List<String> exprs = new java.util.ArrayList<>();
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    yaml.readTree(java.nio.file.Path.of("..", "ops", "prometheus", "parley-rules.yml").toFile())
        .path("groups")
        .forEach(
            group -> group.path("rules").forEach(rule -> exprs.add(rule.path("expr").asText())));
    new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Path.of("..", "ops", "grafana", "parley.json").toFile())
        .path("panels")
        .forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    Set<String> names = new HashSet<>();
    for (String expr : exprs) {
      String outsideLabels =
          expr.replaceAll("\\{[^}]*\\}", " ")
              .replaceAll("\\[[^]]*\\]", " ")
              .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", " ");
      var identifiers = IDENTIFIER.matcher(outsideLabels);
      while (identifiers.find()) {
        String word = identifiers.group();
        boolean function =
            outsideLabels.substring(identifiers.end()).stripLeading().startsWith("(");
        if (!function && !PROMQL_WORDS.contains(word)) {
          names.add(word);
        }
      }
    }
    assertThat(names).as("series found in the exprs").hasSizeGreaterThan(10);
    return names;
  }

  private static String admin(ExternalApp app, String path) throws Exception {
    return get("http://127.0.0.1:" + app.adminPort() + path);
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(ApiClient.TIMEOUT)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(ApiClient.TIMEOUT)
                    .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + "\n" + response.body();
  }

  /**
   * Every kind of request once, so the scrape holds every endpoint's and cache's series: a
   * conversation, messages, history both ways, a reference context and its resolution, catalog
   * sync, search and look-ups, the agent context twice (cold, then warm), and errors.
   */
  private static void wholeFlow(ApiClient api, String base, String key) {
    String conversation =
        api.post(
                base + "/conversations",
                key,
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254700000321\"}}")
            .text("id");
    String path = base + "/conversations/" + conversation;
    for (int i = 0; i < 3; i++) {
      assertThat(
              api.post(
                      path + "/messages",
                      key,
                      "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"red dress\"}")
                  .status())
          .isEqualTo(201);
    }
    assertThat(api.get(path + "/messages?limit=2", key).status()).isEqualTo(200);
    assertThat(api.get(path + "/messages?page=1&pageSize=2", key).status()).isEqualTo(200);
    assertThat(
            api.sendRaw(
                    "PUT",
                    path + "/reference-context",
                    key,
                    ("{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Red dress\"},"
                            + "{\"id\":\"b\",\"title\":\"Blue shirt\"}]}")
                        .getBytes())
                .status())
        .isEqualTo(201);
    assertThat(api.get(path + "/reference-context", key).status()).isEqualTo(200);
    assertThat(
            api.post(path + "/reference-context/resolve", key, "{\"text\":\"the second\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            api.sendRaw(
                    "PUT",
                    base + "/catalog/products",
                    key,
                    ("{\"products\":[{\"externalSource\":\"s\",\"externalId\":\"1\","
                            + "\"title\":\"Red dress\",\"price\":1200,\"currency\":\"KES\"}]}")
                        .getBytes())
                .status())
        .isEqualTo(200);
    assertThat(api.get(base + "/catalog/products?query=dress", key).status()).isEqualTo(200);
    assertThat(api.get(base + "/catalog/services", key).status()).isEqualTo(200);
    assertThat(api.get(path + "/agent-context", key).status()).isEqualTo(200);
    assertThat(api.get(path + "/agent-context", key).status()).isEqualTo(200);
    assertThat(api.get(base + "/conversations/" + java.util.UUID.randomUUID(), key).status())
        .isEqualTo(404);
    assertThat(api.get(path + "/messages?limit=0", key).status()).isEqualTo(400);
  }

  @Test
  void prometheusTextPassesPromtoolAndCarriesRequestCacheRedisPoolAndJvmMetrics() throws Exception {
    try (ExternalApp app =
        new ExternalApp(TestServers.newDatabase().jdbcUrl(), TestServers.redis().url())) {
      Reply tenant =
          app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Ops\",\"slug\":\"ops\"}");
      Reply list =
          app.api.get("/v1/tenants/" + tenant.text("id") + "/conversations", tenant.text("apiKey"));
      long listStatements =
          Long.parseLong(list.raw().headers().firstValue("X-Query-Count").orElseThrow());
      app.api.get(
          "/v1/tenants/" + tenant.text("id") + "/catalog/suggestions", tenant.text("apiKey"));
      wholeFlow(app.api, "/v1/tenants/" + tenant.text("id"), tenant.text("apiKey"));

      String scrape = admin(app, "/prometheus");
      assertThat(scrape).startsWith("200\n");
      assertThat(promtoolCheckMetrics(scrape.substring(4)))
          .as("promtool check metrics (Prometheus' own linter) has nothing to say")
          .isEmpty();
      Set<String> typed = new HashSet<>();
      Set<String> families = new HashSet<>();
      Set<String> series = new HashSet<>();
      for (String line : scrape.substring(4).split("\n")) {
        if (line.isEmpty() || line.startsWith("# HELP ")) {
          continue;
        }
        var type = TYPE.matcher(line);
        if (type.matches()) {
          typed.add(type.group(1));
          continue;
        }
        var sample = SAMPLE.matcher(line);
        assertThat(sample.matches()).as("a valid sample line: %s", line).isTrue();
        String name = sample.group(1);
        assertThat(typed.stream().anyMatch(name::startsWith))
            .as("typed before use: %s", name)
            .isTrue();
        families.add(name);
      }
      for (String expected :
          List.of(
              "parley_http_requests_seconds",
              "parley_http_sql_statements_per_request",
              "parley_cache_hits_total",
              "parley_cache_hit_ratio",
              "parley_redis_circuit_state",
              "parley_invalidations_subscribed",
              "parley_db_pool_active",
              "jvm_memory_bytes_used",
              "jetty_requests_seconds")) {
        assertThat(families)
            .as("a family starting %s", expected)
            .anyMatch(n -> n.startsWith(expected));
      }
      assertThat(seriesNamedByTheRulesAndTheDashboard())
          .as("every series the alert rules and the Grafana dashboard query is exposed")
          .allMatch(
              name ->
                  families.contains(name)
                      || name.startsWith("parley:")
                      // only with replicas configured: ReplicaReadsTest checks those
                      || name.startsWith("parley_db_replica_")
                      // only while this instance delivers a webhook: PrometheusExportTest
                      || name.equals("parley_webhook_oldest_undelivered_seconds"));
      assertThat(listStatements).isPositive();
      assertThat(scrape)
          .as("the endpoint's statement total is what its one request reported")
          .containsPattern(
              "(?m)^parley_http_sql_statements_total\\{endpoint=\"ConversationResource.list\",\\} "
                  + listStatements
                  + "(\\.0)?$")
          .contains("parley_cache_hit_ratio{cache=\"referenceContexts\",tier=\"l2\",}")
          .contains(
              "parley_http_responses_total{endpoint=\"ConversationResource.list\",method=\"GET\",status=\"200\",} 1.0");
    }
  }

  @Test
  void theAdminPortListensOnLoopbackByDefault() {
    var server =
        (io.dropwizard.core.server.DefaultServerFactory)
            TestApp.support().getConfiguration().getServerFactory();
    var admin = (io.dropwizard.jetty.HttpConnectorFactory) server.getAdminConnectors().get(0);
    var application =
        (io.dropwizard.jetty.HttpConnectorFactory) server.getApplicationConnectors().get(0);

    assertThat(admin.getBindHost()).isEqualTo("127.0.0.1");
    assertThat(application.getBindHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void healthChecksNameTheirDependenciesAndTheServiceStaysInRotationWithoutRedis()
      throws Exception {
    var redis = io.parley.adapters.embedded.EmbeddedRedisServer.start(0);
    try (ExternalApp app = new ExternalApp(TestServers.newDatabase().jdbcUrl(), redis.url())) {
      assertThat(admin(app, "/healthcheck"))
          .contains("\"postgres\"", "\"redis\"", "\"cache-efficiency\"");
      redis.stop();
      assertThat(app.healthy("redis")).isFalse();
      assertThat(app.api.get("/health-check", null).status()).isEqualTo(200);
      assertThat(get("http://127.0.0.1:" + app.port() + "/ping"))
          .as("liveness on the application port needs no dependency")
          .isEqualTo("200\npong");
    } finally {
      redis.close();
    }
  }
}
