package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
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
import org.junit.jupiter.api.Test;

/**
 * Stopping the service while writes are in flight: every write in flight gets an answer (none is
 * cut off: with {@code server.shutdownGracePeriod: 0s} some are), every write that was acknowledged
 * is stored, none the service refused or never received is, and no write is half-applied (each
 * conversation's counters match its messages). A write whose connection was refused counts apart
 * from one cut off after it was sent, whose outcome is unknown.
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
    Set<String> refusedByTheService = ConcurrentHashMap.newKeySet(); // answered, not 201
    Set<String> notConnected = ConcurrentHashMap.newKeySet(); // nothing reached the service
    Set<String> cutOff = ConcurrentHashMap.newKeySet(); // sent, then no answer: outcome unknown
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
                    (reply.status() == 201 ? acknowledged : refusedByTheService).add(id);
                  } catch (ApiClient.NoAnswer noAnswer) {
                    (noAnswer.mayHaveArrived() ? cutOff : notConnected).add(id);
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
    ApiClient.Counts counts = app.api.counts();
    long cutOffStored = cutOff.stream().filter(stored::contains).count();
    System.out.printf(
        "graceful stop: %d writes acknowledged, %d stored, %d refused by the service, %d not"
            + " connected, %d cut off after sending (%d of them stored); client: %s%n",
        acknowledged.size(),
        stored.size(),
        refusedByTheService.size(),
        notConnected.size(),
        cutOff.size(),
        cutOffStored,
        counts);
    assertThat(stored).containsAll(acknowledged);
    assertThat(refusedByTheService)
        .as("writes the service refused are not stored")
        .noneMatch(stored::contains);
    assertThat(notConnected).as("writes that never reached it").noneMatch(stored::contains);
    assertThat(
            acknowledged.size() + refusedByTheService.size() + notConnected.size() + cutOff.size())
        .as("every write sent is counted once: %s", counts)
        .isEqualTo(counts.sent() - 5);
    // A connection the OS accepted as the connector closed is cut off before Jetty reads it: the
    // client cannot tell it from a request cut off mid-way, but such a write was never processed.
    // A write the service processed (stored) is never left without its answer.
    assertThat(cutOff)
        .as("writes cut off without an answer after the service stored them")
        .noneMatch(stored::contains);
    assertThat(acknowledged)
        .as("the stop came while writes were still being sent")
        .hasSizeLessThan(3200);
  }
}
