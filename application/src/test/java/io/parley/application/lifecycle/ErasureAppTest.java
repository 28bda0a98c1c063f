package io.parley.application.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Erasing a customer on one of two instances sharing PostgreSQL and Redis, while 8 writers append
 * to other customers of the tenant and 2 to the erased one: afterwards no row, Redis key or L1
 * entry of the customer is left, and the other customers lost nothing and saw no failure.
 */
class ErasureAppTest {
  private static final String ADDRESS = "+254799000001";
  private static final int STORED = 10_000;

  @Test
  void erasesEverythingOfTheCustomerWhileOthersKeepWriting() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    RedisTopology redis = RedisTopology.standalone(TestServers.redis());
    try (ExternalApp a = ExternalApp.on(database.jdbcUrl(), redis);
        ExternalApp b = ExternalApp.on(database.jdbcUrl(), redis)) {
      Reply tenant =
          a.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Erase\",\"slug\":\"erase\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      String erased = Fixtures.start(a.api, base, key, ADDRESS);
      Fixtures.storeMessages(database.dataSource(), tenant.text("id"), erased, STORED);
      String path = base + "/conversations/" + erased;
      for (int version = 1; version <= 3; version++) {
        assertThat(putContext(a.api, path, key, version)).isEqualTo(201);
      }
      // The other instance holds the customer in its L1, as a busy instance would.
      assertThat(b.api.get(path + "/reference-context", key).status()).isEqualTo(200);
      assertThat(resolve(b.api, path, key).text("outcome")).isEqualTo("RESOLVED");
      assertThat(b.api.get(path + "/agent-context", key).status()).isEqualTo(200);
      String customer =
          b.api.get(base + "/conversations/" + erased, key).body().at("/customer/id").asText();

      List<String> others = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String other = Fixtures.start(a.api, base, key, "+25479900010" + i);
        for (int m = 0; m < 5; m++) {
          assertThat(append(a.api, base + "/conversations/" + other, key)).isEqualTo(201);
        }
        others.add(other);
      }

      AtomicBoolean running = new AtomicBoolean(true);
      Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicInteger erasedAcknowledged = new AtomicInteger();
      List<Integer> erasedStatuses = new CopyOnWriteArrayList<>();
      ExecutorService writers = Executors.newFixedThreadPool(10);
      List<Future<?>> writing = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        String other = others.get(w);
        ApiClient api = w % 2 == 0 ? a.api : b.api;
        writing.add(
            writers.submit(
                () -> {
                  while (running.get()) {
                    int status = append(api, base + "/conversations/" + other, key);
                    if (status == 201) {
                      acknowledged
                          .computeIfAbsent(other, k -> new AtomicInteger())
                          .incrementAndGet();
                    } else {
                      failures.add(other + " -> " + status);
                    }
                  }
                }));
      }
      for (int w = 0; w < 2; w++) {
        ApiClient api = w == 0 ? a.api : b.api;
        writing.add(
            writers.submit(
                () -> {
                  while (running.get()) {
                    int status = append(api, path, key);
                    erasedStatuses.add(status);
                    if (status == 201) {
                      erasedAcknowledged.incrementAndGet();
                    }
                  }
                }));
      }
      // Every writer under way before the erasure, and still writing after it.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> acknowledged.size() == 8 && erasedStatuses.size() >= 2);
      long started = System.nanoTime();
      Reply receipt = a.api.delete(base + "/customers/" + customer, key);
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      int seenAtErasure = erasedStatuses.size();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> erasedStatuses.size() >= seenAtErasure + 2);
      running.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      for (Future<?> writer : writing) {
        writer.get(); // a writer that threw (a request without an answer, say) fails the test
      }
      ApiClient.Counts countsA = a.api.counts();
      ApiClient.Counts countsB = b.api.counts();
      System.out.printf("Erasure under writers: instance A %s; instance B %s%n", countsA, countsB);
      assertThat(countsA.failed() + countsB.failed()).as("requests without an answer").isZero();
      System.out.printf(
          "Erasure of a customer with %d messages under 10 writers: %d ms%n", STORED, tookMillis);

      assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
      assertThat(receipt.text("customerId")).isEqualTo(customer);
      assertThat(receipt.body().path("conversations").asLong()).isEqualTo(1);
      assertThat(receipt.body().path("referenceContexts").asLong()).isEqualTo(3);
      assertThat(receipt.body().path("messages").asLong())
          .as("every message stored, also those acknowledged while the erasure ran")
          .isEqualTo(STORED + erasedAcknowledged.get());
      assertThat(erasedStatuses).allMatch(status -> status == 201 || status == 404);

      assertThat(rowsOf(database.dataSource(), customer, erased)).isZero();
      // The erased conversation's marker in Redis lives 2 s.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(Fixtures.redisKeysNaming(customer, erased)).isEmpty());
      for (ExternalApp app : List.of(a, b)) {
        assertThat(app.api.get(path + "/reference-context", key).status()).isEqualTo(404);
        assertThat(resolve(app.api, path, key).status()).isEqualTo(404);
        assertThat(app.api.get(path + "/messages", key).status()).isEqualTo(404);
        assertThat(app.api.get(path + "/agent-context", key).status()).isEqualTo(404);
        assertThat(app.api.get(base + "/customers/" + customer, key).status()).isEqualTo(404);
        assertThat(
                app.api
                    .get(base + "/customers?address=%2B254799000001", key)
                    .body()
                    .path("customers"))
            .isEmpty();
      }

      assertThat(failures).as("requests of other customers that failed").isEmpty();
      for (String other : others) {
        int written = 5 + acknowledged.getOrDefault(other, new AtomicInteger()).get();
        Reply conversation = b.api.get(base + "/conversations/" + other, key);
        assertThat(conversation.body().path("messageCount").asLong()).isEqualTo(written);
        Reply page =
            b.api.get(base + "/conversations/" + other + "/messages?page=1&pageSize=1", key);
        assertThat(page.body().path("totalMessages").asLong()).isEqualTo(written);
      }

      Reply again = b.api.delete(base + "/customers/" + customer, key);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text("erasureId")).isEqualTo(receipt.text("erasureId"));
      Reply audit = a.api.get(base + "/erasures", key);
      assertThat(audit.body().path("erasures")).hasSize(1);
      JsonNode row = audit.body().path("erasures").get(0);
      assertThat(row.path("status").asText()).isEqualTo("completed");
      assertThat(row.path("messages").asLong()).isEqualTo(receipt.body().path("messages").asLong());
      assertThat(audit.raw().body()).doesNotContain(customer).doesNotContain("254799000001");
    }
  }

  @Test
  void foreignOrUnknownCustomersAreNotFoundAndMalformedIdsBadRequests() {
    TestApp.TenantKey shop = TestApp.newTenant();
    TestApp.TenantKey other = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String conversation =
        Fixtures.start(api, "/v1/tenants/" + shop.id(), shop.key(), "+254799000201");
    String customer =
        api.get("/v1/tenants/" + shop.id() + "/conversations/" + conversation, shop.key())
            .body()
            .at("/customer/id")
            .asText();
    assertThat(
            api.delete("/v1/tenants/" + other.id() + "/customers/" + customer, other.key())
                .status())
        .isEqualTo(404);
    assertThat(
            api.delete("/v1/tenants/" + shop.id() + "/customers/" + customer, other.key()).status())
        .isEqualTo(404);
    assertThat(
            api.delete("/v1/tenants/" + shop.id() + "/customers/" + UUID.randomUUID(), shop.key())
                .status())
        .isEqualTo(404);
    assertThat(api.delete("/v1/tenants/" + shop.id() + "/customers/123", shop.key()).status())
        .isEqualTo(400);
    assertThat(
            api.get("/v1/tenants/" + shop.id() + "/conversations/" + conversation, shop.key())
                .status())
        .as("nothing was erased by the refused requests")
        .isEqualTo(200);
    assertThat(api.get("/v1/tenants/" + shop.id() + "/erasures?limit=0", shop.key()).status())
        .isEqualTo(400);
  }

  private static int append(ApiClient api, String conversationPath, String key) {
    return api.post(
            conversationPath + "/messages",
            key,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"nataka viatu\"}")
        .status();
  }

  private static int putContext(ApiClient api, String path, String key, int version) {
    return api.sendRaw(
            "PUT",
            path + "/reference-context",
            key,
            ("{\"listType\":\"products\",\"items\":[{\"id\":\"a"
                    + version
                    + "\",\"title\":\"Red shoes\"},{\"id\":\"b\",\"title\":\"Blue shoes\"}]}")
                .getBytes(StandardCharsets.UTF_8))
        .status();
  }

  private static Reply resolve(ApiClient api, String path, String key) {
    return api.post(path + "/reference-context/resolve", key, "{\"text\":\"the red one\"}");
  }

  /** Rows naming the customer or the conversation, over every table that can. */
  static long rowsOf(DataSource data, String customer, String conversation) throws Exception {
    String sql =
        "SELECT (SELECT count(*) FROM customers WHERE id = ?::uuid)"
            + " + (SELECT count(*) FROM customers WHERE address = '"
            + ADDRESS
            + "')"
            + " + (SELECT count(*) FROM conversations WHERE customer_id = ?::uuid OR id = ?::uuid)"
            + " + (SELECT count(*) FROM messages WHERE conversation_id = ?::uuid)"
            + " + (SELECT count(*) FROM reference_contexts WHERE conversation_id = ?::uuid)";
    try (Connection connection = data.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, customer);
      query.setString(2, customer);
      query.setString(3, conversation);
      query.setString(4, conversation);
      query.setString(5, conversation);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
