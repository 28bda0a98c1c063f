package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.LogPrivacy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL restarts under the service: writes during the outage get 503 with Retry-After (never a
 * 500, never a hang), and afterwards the pool recovers by itself and every write that got a 2xx is
 * there exactly once.
 */
@ExtendWith(LogPrivacy.class)
class PostgresRestartTest {
  @Test
  void writesDuringAnOutageGet503AndAcknowledgedOnesAreKeptExactlyOnce() throws Exception {
    Path directory = Files.createTempDirectory("parley-pg-restart");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory, port);
    String url = postgres.jdbcUrl("postgres");
    PostgresSchema.migrate(url, "postgres", "");
    try (ExternalApp app = new ExternalApp(url, "none", "database.maxWaitForConnection", "1s")) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Restart\",\"slug\":\"restart\"}");
      String key = LogPrivacy.plant(tenant.text("apiKey"));
      String conversations = "/v1/tenants/" + tenant.text("id") + "/conversations";
      String conversation =
          app.api
              .post(
                  conversations,
                  key,
                  "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                      + LogPrivacy.plant("+254700000009")
                      + "\",\"name\":\"PLANTED\"}}")
              .text("id");
      String messages = conversations + "/" + conversation + "/messages";
      Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());

      for (int i = 0; i < 20; i++) {
        send(app, messages, key, "PLANTED-before-" + i, acknowledged, statuses);
      }
      String context = conversations + "/" + conversation + "/reference-context";
      app.api.sendRaw(
          "PUT",
          context,
          key,
          "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Red shoes PLANTED\"}]}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(app.api.get(context, key).status()).isEqualTo(200);
      ApiClient admin = new ApiClient(app.adminPort());
      assertThat(admin.get("/healthcheck", null).body().at("/postgres/healthy").asBoolean())
          .isTrue();
      postgres.close();
      // The README's promise: /healthcheck fails (HTTP 500) while PostgreSQL is down.
      Reply down = admin.get("/healthcheck", null);
      assertThat(down.status()).as(down.toString()).isEqualTo(500);
      assertThat(down.body().at("/postgres/healthy").asBoolean()).isFalse();
      // What the caches hold is still served: the key check and the reference context.
      assertThat(app.api.get(context, key).status()).isEqualTo(200);
      assertThat(
              app.api.post(context + "/resolve", key, "{\"text\":\"the red one\"}").text("outcome"))
          .isEqualTo("RESOLVED");
      long outageStart = System.nanoTime();
      java.util.concurrent.ExecutorService writers =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        running.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 5; i++) {
                    send(
                        app,
                        messages,
                        key,
                        "PLANTED-during-" + writer + "-" + i,
                        acknowledged,
                        statuses);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> writer : running) {
        writer.get();
      }
      writers.shutdown();
      long outageSeconds = (System.nanoTime() - outageStart) / 1_000_000_000L;
      postgres = EmbeddedPostgresServer.start(directory, port);
      EmbeddedPostgresServer restarted = postgres;
      long restartedAt = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> app.api.get(conversations + "/" + conversation, key).status() == 200);
      System.out.printf(
          "PostgreSQL outage: 20 writes in %d s, first success %d ms after restart%n",
          outageSeconds, (System.nanoTime() - restartedAt) / 1_000_000);
      for (int i = 0; i < 20; i++) {
        send(app, messages, key, "PLANTED-after-" + i, acknowledged, statuses);
      }
      assertThat(admin.get("/healthcheck", null).body().at("/postgres/healthy").asBoolean())
          .as("healthy again after the restart")
          .isTrue();

      ApiClient.Counts counts = app.api.counts();
      System.out.println("PostgreSQL restart, all requests: " + counts);
      assertThat(counts.failed()).as("requests without an answer: " + counts).isZero();
      assertThat(statuses).hasSize(60);
      assertThat(statuses).doesNotContain(500).allMatch(s -> s == 201 || s == 503);
      assertThat(statuses.subList(20, 40)).contains(503);
      assertThat(statuses.subList(40, 60))
          .as("the pool recovered without a restart")
          .containsOnly(201);
      assertThat(outageSeconds).as("no request hangs past the configured waits").isLessThan(60);
      Reply history = app.api.get(messages + "?page=1&pageSize=200", key);
      List<String> stored = new ArrayList<>();
      history
          .body()
          .path("messages")
          .forEach(m -> stored.add(m.path("providerMessageId").asText()));
      assertThat(stored).doesNotHaveDuplicates().containsAll(acknowledged);
      assertThat(stored).hasSize(acknowledged.size());
      assertThat(restarted).isNotNull();
    } finally {
      postgres.close();
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private static void send(
      ExternalApp app,
      String path,
      String key,
      String id,
      Set<String> acknowledged,
      List<Integer> statuses) {
    Reply reply =
        app.api.post(
            path,
            key,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PLANTED text\",\"providerMessageId\":\""
                + id
                + "\"}");
    statuses.add(reply.status());
    if (reply.status() == 201) {
      acknowledged.add(id);
    } else if (reply.status() == 503) {
      assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
    }
  }
}
