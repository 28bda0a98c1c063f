package io.parley.application.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An erasure cut short by a PostgreSQL restart (small batches, so it is mid-way when the server
 * goes) answers 503; asked again, it resumes where its audit row says it stopped and completes with
 * exact counts.
 */
class ErasureResumeTest {
  private static final int STORED = 20_000;

  @Test
  void anErasureInterruptedByARestartResumesAndCompletes() throws Exception {
    Path directory = Files.createTempDirectory("parley-erasure-restart");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory, port);
    String url = postgres.jdbcUrl("postgres");
    PostgresSchema.migrate(url, "postgres", "");
    try (ExternalApp app =
        new ExternalApp(
            url,
            "none",
            "database.maxWaitForConnection",
            "1s",
            "lifecycle.erasureBatchSize",
            "20")) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Resume\",\"slug\":\"resume\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      String conversation = Fixtures.start(app.api, base, key, "+254799000301");
      Fixtures.storeMessages(
          postgres.dataSource("postgres"), tenant.text("id"), conversation, STORED);
      String customer =
          app.api
              .get(base + "/conversations/" + conversation, key)
              .body()
              .at("/customer/id")
              .asText();

      CompletableFuture<Reply> first =
          CompletableFuture.supplyAsync(() -> app.api.delete(base + "/customers/" + customer, key));
      EmbeddedPostgresServer server = postgres;
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> erasedSoFar(server) > 0);
      postgres.close();
      Reply interrupted = first.get();
      assertThat(interrupted.status()).as(interrupted.toString()).isEqualTo(503);

      postgres = EmbeddedPostgresServer.start(directory, port);
      long before = erasedSoFar(postgres);
      assertThat(before).isBetween(1L, (long) STORED - 1);
      Reply running =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> app.api.get(base + "/erasures", key), r -> r.status() == 200);
      assertThat(running.body().at("/erasures/0/status").asText()).isEqualTo("running");

      Reply resumed = app.api.delete(base + "/customers/" + customer, key);
      assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
      assertThat(resumed.body().path("messages").asLong()).isEqualTo(STORED);
      assertThat(resumed.body().path("conversations").asLong()).isEqualTo(1);
      assertThat(ErasureAppTest.rowsOf(postgres.dataSource("postgres"), customer, conversation))
          .isZero();
      assertThat(app.api.get(base + "/erasures", key).body().at("/erasures/0/status").asText())
          .isEqualTo("completed");
    } finally {
      postgres.close();
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private static long erasedSoFar(EmbeddedPostgresServer postgres) throws Exception {
    try (Connection connection = postgres.dataSource("postgres").getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT coalesce(sum(messages), 0) FROM erasures")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
