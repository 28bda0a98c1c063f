package io.parley.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.ApiClient.Reply;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stopping the service while writes are in flight: every write that was acknowledged is stored, and
 * no write is half-applied (each conversation's counters match its messages).
 */
class GracefulShutdownTest {
  @Test
  void inFlightWritesFinishAndNothingIsHalfApplied() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    ExternalApp app = new ExternalApp(database.jdbcUrl(), "none");
    Reply tenant =
        app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Stop\",\"slug\":\"stop\"}");
    String key = tenant.text("apiKey");
    List<String> paths = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      String conversation =
          app.api
              .post(
                  "/v1/tenants/" + tenant.text("id") + "/conversations",
                  key,
                  "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+25476600000" + c + "\"}}")
              .text("id");
      paths.add(
          "/v1/tenants/" + tenant.text("id") + "/conversations/" + conversation + "/messages");
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      String path = paths.get(w % paths.size());
      int writer = w;
      running.add(
          writers.submit(
              () -> {
                for (int i = 0; i < 400; i++) {
                  String id = "w" + writer + "-" + i;
                  try {
                    Reply reply =
                        app.api.post(
                            path,
                            key,
                            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"providerMessageId\":\""
                                + id
                                + "\"}");
                    if (reply.status() == 201) {
                      acknowledged.add(id);
                    } else {
                      refused.incrementAndGet();
                    }
                  } catch (RuntimeException connectionClosed) {
                    refused.incrementAndGet();
                    return;
                  }
                }
              }));
    }
    org.awaitility.Awaitility.await().until(() -> acknowledged.size() >= 200);
    app.close();
    for (Future<?> writer : running) {
      writer.get(30, TimeUnit.SECONDS);
    }
    writers.shutdown();

    Set<String> stored = ConcurrentHashMap.newKeySet();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT provider_message_id FROM messages")) {
        while (rows.next()) {
          stored.add(rows.getString(1));
        }
      }
      try (ResultSet mismatched =
          statement.executeQuery(
              """
              SELECT count(*) FROM conversations c
              WHERE c.message_count <> (SELECT count(*) FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id)
                 OR c.last_seq <> (SELECT coalesce(max(seq), 0) FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id)""")) {
        mismatched.next();
        assertThat(mismatched.getLong(1))
            .as("conversations whose counters disagree with their messages")
            .isZero();
      }
    }
    assertThat(stored).containsAll(acknowledged);
    System.out.printf(
        "graceful stop: %d writes acknowledged, %d stored, %d refused or cut off%n",
        acknowledged.size(), stored.size(), refused.get());
  }
}
