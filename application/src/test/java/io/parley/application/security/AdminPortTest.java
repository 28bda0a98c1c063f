package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ExternalApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The admin port answers the admin key only (liveness and health excepted), admits a Prometheus
 * scraper's token to /prometheus alone, and its log-level task cannot make the HTTP server or the
 * database driver log values.
 */
class AdminPortTest {
  private static final String METRICS_TOKEN = "scrape-token-0123456789";
  private static final ExternalApp APP =
      new ExternalApp(
          TestServers.newDatabase().jdbcUrl(), "none", "api.metricsToken", METRICS_TOKEN);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterAll
  static void stop() {
    APP.close();
  }

  @Test
  void everythingButLivenessAndHealthNeedsTheAdminKey() throws Exception {
    assertThat(get("/ping", null).statusCode()).isEqualTo(200);
    assertThat(get("/healthcheck", null).statusCode()).isNotEqualTo(401);

    for (String path : new String[] {"/prometheus", "/metrics", "/threads", "/tasks/gc"}) {
      HttpResponse<String> refused = get(path, null);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(refused.body()).contains("admin key");
      assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(get(path, "not-the-admin-key-0123456789").statusCode()).as(path).isEqualTo(401);
    }
    assertThat(post("/tasks/gc", null).statusCode()).isEqualTo(401);
    assertThat(get("/prometheus", ExternalApp.ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(get("/threads", ExternalApp.ADMIN_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void theMetricsTokenReadsPrometheusAndNothingElse() throws Exception {
    HttpResponse<String> scrape = get("/prometheus", METRICS_TOKEN);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("parley_");

    assertThat(get("/metrics", METRICS_TOKEN).statusCode()).isEqualTo(401);
    assertThat(get("/threads", METRICS_TOKEN).statusCode()).isEqualTo(401);
    assertThat(post("/tasks/gc", METRICS_TOKEN).statusCode()).isEqualTo(401);
  }

  @Test
  void theLogLevelTaskCannotLowerTheServerOrTheDriverBelowInfo() throws Exception {
    // The levels config.yml ships (root INFO, no level of their own for these), whatever the
    // classes that ran before in this test JVM left: with the suite in two JVMs, one found
    // org.postgresql below INFO before any request of this test.
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    for (String logger :
        new String[] {"org.postgresql", "org.postgresql.core.v3", "org.eclipse.jetty", "org"}) {
      ((Logger) LoggerFactory.getLogger(logger)).setLevel(null);
    }
    for (String logger :
        new String[] {
          "org.apache.hc.client5.http.wire",
          "org.apache.hc.client5.http.headers",
          "org.apache.hc",
          "org.apache",
          "io.opentelemetry.exporter.internal.http",
          "org.jdbi",
          "redis.clients.jedis",
          "sun.net.www.protocol.http.HttpURLConnection",
          "jdk.internal.httpclient.debug"
        }) {
      ((Logger) LoggerFactory.getLogger(logger)).setLevel(null);
    }
    for (String logger :
        new String[] {
          "org.postgresql",
          "org.postgresql.core.v3",
          "org.eclipse.jetty",
          "ROOT",
          "org",
          // the webhook sender's HTTP client: its wire log prints bodies (message text), its
          // headers log the Parley-Signature
          "org.apache.hc.client5.http.wire",
          "org.apache.hc.client5.http.headers",
          "org.apache.hc",
          "org.apache",
          "io.opentelemetry.exporter.internal.http",
          "org.jdbi",
          "redis.clients.jedis",
          "sun.net.www.protocol.http.HttpURLConnection",
          "jdk.internal.httpclient.debug"
        }) {
      for (String level : new String[] {"TRACE", "DEBUG", "ALL"}) {
        HttpResponse<String> refused =
            post("/tasks/log-level?logger=" + logger + "&level=" + level, ExternalApp.ADMIN_KEY);
        assertThat(refused.statusCode()).as(logger + " " + refused.body()).isEqualTo(403);
        assertThat(refused.body()).as(logger).contains("Refused").contains(logger);
        assertThat(effective(logger).isGreaterOrEqual(Level.INFO)).as(logger).isTrue();
      }
    }
    // A refusal in a list of loggers changes none of them.
    HttpResponse<String> mixed =
        post(
            "/tasks/log-level?logger=io.parley.adapters&logger=org.apache.hc.client5&level=DEBUG",
            ExternalApp.ADMIN_KEY);
    assertThat(mixed.statusCode()).isEqualTo(403);
    assertThat(effective("io.parley.adapters").isGreaterOrEqual(Level.INFO)).isTrue();
    // An unknown level name is DEBUG to Logback: refused as well.
    HttpResponse<String> verbose =
        post("/tasks/log-level?logger=org.postgresql&level=verbose", ExternalApp.ADMIN_KEY);
    assertThat(verbose.statusCode()).isEqualTo(403);
    assertThat(verbose.body()).contains("Refused");

    // Parley's own loggers can still be lowered (and raised again).
    HttpResponse<String> lowered =
        post("/tasks/log-level?logger=io.parley.adapters&level=DEBUG", ExternalApp.ADMIN_KEY);
    assertThat(lowered.statusCode()).isEqualTo(200);
    assertThat(lowered.body()).doesNotContain("Refused");
    assertThat(effective("io.parley.adapters")).isEqualTo(Level.DEBUG);
    post("/tasks/log-level?logger=io.parley.adapters&level=INFO", ExternalApp.ADMIN_KEY);
    // Raising a guarded logger is fine.
    HttpResponse<String> raised =
        post("/tasks/log-level?logger=org.apache.hc&level=WARN", ExternalApp.ADMIN_KEY);
    assertThat(raised.statusCode()).isEqualTo(200);
    assertThat(raised.body()).doesNotContain("Refused");
    assertThat(effective("org.apache.hc.client5.http.wire")).isEqualTo(Level.WARN);
    post("/tasks/log-level?logger=org.apache.hc", ExternalApp.ADMIN_KEY);
    assertThat(
            post("/tasks/log-level?logger=org.postgresql&level=WARN", ExternalApp.ADMIN_KEY).body())
        .doesNotContain("Refused");
    post("/tasks/log-level?logger=org.postgresql", ExternalApp.ADMIN_KEY);
  }

  private static Level effective(String logger) {
    return ((Logger) LoggerFactory.getLogger(logger)).getEffectiveLevel();
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return http.send(request(path, key).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String key) throws Exception {
    return http.send(
        request(path, key).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.adminPort() + path));
    return key == null ? builder : builder.header("Authorization", "Bearer " + key);
  }
}
