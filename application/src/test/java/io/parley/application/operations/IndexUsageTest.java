package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Index usage from pg_stat_user_indexes: a gauge per index, the admin task listing unused ones, and
 * the non-critical health check that names never-scanned indexes after the warm period.
 */
class IndexUsageTest {
  @Test
  void theTaskListsUnusedIndexesAndTheHealthCheckNamesThemAfterTheWarmPeriod() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (ExternalApp app =
            new ExternalApp(
                database.jdbcUrl(),
                "none",
                "database.indexWarmPeriod",
                "0s",
                "database.indexUsageRefresh",
                "100ms");
        ExternalApp warming = new ExternalApp(database.jdbcUrl(), "none")) {
      Reply tenant =
          app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Idx\",\"slug\":\"idx\"}");
      String key = tenant.text("apiKey");
      String conversations = "/v1/tenants/" + tenant.text("id") + "/conversations";
      app.api.get(conversations + "?limit=5", key);

      String listing = task(app.adminPort());

      assertThat(listing)
          .startsWith("index\ttable\tscans\tbytes\tverdict")
          .contains("messages_by_provider_id\tmessages\t0\t")
          .contains("unused");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gauge(app, "postgres.index.api_keys.api_keys_by_hash.scans") > 0);
      assertThat(app.healthy("index-usage")).isFalse();
      assertThat(warming.healthy("index-usage")).as("inside its warm period").isTrue();
      assertThat(app.healthy("postgres")).isTrue();
    }
  }

  private static long gauge(ExternalApp app, String name) {
    Object value = app.gauge(name);
    return value instanceof Number number ? number.longValue() : -1;
  }

  private static String task(int adminPort) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(ApiClient.TIMEOUT)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/tasks/index-usage"))
                    .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(ApiClient.TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
