package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Batch ingest over the whole service: outcomes per message, retries, concurrency, bad input. */
class MessageBatchAppTest {
  @Test
  void answersEachMessageInInputOrder() {
    TestApp.TenantKey shop = TestApp.newTenant();
    TestApp.TenantKey other = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String a = Fixtures.start(api, base, shop.key(), "+254744000001");
    String b = Fixtures.start(api, base, shop.key(), "+254744000002");
    String foreign = Fixtures.start(api, "/v1/tenants/" + other.id(), other.key(), "+254744000003");
    String body =
        "{\"messages\":["
            + message(a, "in", "customer_inbound", "a1", "wamid.t1")
            + ","
            + message(b, "in", "customer_inbound", "b1", null)
            + ","
            + message(foreign, "in", "customer_inbound", "not yours", null)
            + ","
            + message(a, "sideways", "customer_inbound", "bad direction", null)
            + ","
            + message(a, "out", "bot_response", "a2", null)
            + ","
            + message(UUID.randomUUID().toString(), "in", "customer_inbound", "nobody", null)
            + ","
            + message(a, "in", "customer_inbound", "a1 again", "wamid.t1")
            + "]}";
    Reply reply = api.post(base + "/messages/batch", shop.key(), body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode results = reply.body().path("results");
    assertThat(results).hasSize(7);
    assertThat(statuses(results)).containsExactly(201, 201, 404, 422, 201, 404, 200);
    assertThat(results.at("/0/message/seq").asLong()).isEqualTo(1);
    assertThat(results.at("/4/message/seq").asLong()).isEqualTo(2);
    assertThat(results.at("/6/message/seq").asLong()).isEqualTo(1);
    assertThat(results.at("/3/error").asText()).contains("direction");
    assertThat(
            api.get(base + "/conversations/" + a, shop.key()).body().path("messageCount").asLong())
        .isEqualTo(2);

    Reply retried = api.post(base + "/messages/batch", shop.key(), body);
    assertThat(statuses(retried.body().path("results")))
        .containsExactly(200, 201, 404, 422, 201, 404, 200);
    // only the messages with a provider id are idempotent, as with single appends

    StringBuilder tooMany = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < 501; i++) {
      tooMany.append(i == 0 ? "" : ",").append(message(a, "in", "customer_inbound", "m" + i, null));
    }
    Reply refused = api.post(base + "/messages/batch", shop.key(), tooMany + "]}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("message")).contains("501");
    assertThat(api.post(base + "/messages/batch", shop.key(), "{\"messages\":[]}").status())
        .isEqualTo(400);
    assertThat(api.post(base + "/messages/batch", shop.key(), "{\"messages\":").status())
        .isEqualTo(400);
    assertThat(api.post(base + "/messages/batch", shop.key(), "{}").status()).isEqualTo(400);
    assertThat(
            api.get(base + "/conversations/" + a, shop.key()).body().path("messageCount").asLong())
        .as("refused batches stored nothing")
        .isEqualTo(3);
  }

  /**
   * The README's promise: a fixed number of statements whatever the batch: three in one
   * transaction, and with provider ids two more for delivery statuses that arrived first (taken in
   * the transaction, and checked again after the commit: issue 26).
   */
  @Test
  void aBatchIsThreeStatementsWhateverItsSize() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    List<String> conversations = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      conversations.add(Fixtures.start(api, base, shop.key(), "+25474400010" + c));
    }
    api.get(base + "/conversations?limit=1", shop.key()); // the key check is warm
    List<Long> statements = new ArrayList<>();
    int sent = 0;
    for (int size : new int[] {1, 10, 100}) {
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String provider = "wamid.size-" + size + "-" + i;
        messages.add(
            message(conversations.get(i % 5), "in", "customer_inbound", "m" + i, provider));
      }
      Reply reply =
          api.post(
              base + "/messages/batch",
              shop.key(),
              "{\"messages\":[" + String.join(",", messages) + "]}");
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(statuses(reply.body().path("results"))).hasSize(size).containsOnly(201);
      statements.add(reply.queryCount());
      sent += size;
    }
    assertThat(statements)
        .as("statements for batches of 1, 10 and 100")
        .containsExactly(5L, 5L, 5L);
    long stored = 0;
    for (String conversation : conversations) {
      stored +=
          api.get(base + "/conversations/" + conversation, shop.key())
              .body()
              .path("messageCount")
              .asLong();
    }
    assertThat(stored).isEqualTo(sent);
  }

  @Test
  void overlappingBatchesFromEightClientsStoreEachProviderIdOnce() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (ExternalApp app = new ExternalApp(database.jdbcUrl(), TestServers.redis().url())) {
      Reply tenant =
          app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"B\",\"slug\":\"batch\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      List<String> conversations = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        conversations.add(Fixtures.start(app.api, base, key, "+25474400010" + i));
      }
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<List<Integer>>> running = new ArrayList<>();
      for (int client = 0; client < 8; client++) {
        int offset = client * 25;
        running.add(
            clients.submit(
                () -> {
                  List<Integer> statuses = new ArrayList<>();
                  for (int round = 0; round < 5; round++) {
                    StringBuilder body = new StringBuilder("{\"messages\":[");
                    for (int i = 0; i < 100; i++) {
                      int id = (offset + round * 20 + i) % 400;
                      body.append(i == 0 ? "" : ",")
                          .append(
                              message(
                                  conversations.get(id % 4),
                                  "in",
                                  "customer_inbound",
                                  "m" + id,
                                  "wamid.c" + id));
                    }
                    Reply reply = app.api.post(base + "/messages/batch", key, body + "]}");
                    statuses.add(reply.status());
                    reply
                        .body()
                        .path("results")
                        .forEach(r -> statuses.add(r.path("status").asInt()));
                  }
                  return statuses;
                }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<List<Integer>> client : running) {
        statuses.addAll(client.get());
      }
      clients.shutdown();
      assertThat(statuses).containsOnly(200, 201);

      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT provider_message_id) FROM messages")) {
          rows.next();
          assertThat(rows.getLong(1)).isEqualTo(rows.getLong(2));
        }
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT c.id, c.message_count, c.last_seq, (SELECT count(*) FROM messages m"
                    + " WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id) AS stored,"
                    + " (SELECT max(seq) FROM messages m WHERE m.tenant_id = c.tenant_id"
                    + " AND m.conversation_id = c.id) AS top FROM conversations c")) {
          while (rows.next()) {
            assertThat(rows.getLong("message_count")).isEqualTo(rows.getLong("stored"));
            assertThat(rows.getLong("last_seq")).isEqualTo(rows.getLong("top"));
            assertThat(rows.getLong("last_seq"))
                .as("seqs without gaps")
                .isEqualTo(rows.getLong("stored"));
          }
        }
      }
      for (String conversation : conversations) {
        long count =
            app.api
                .get(base + "/conversations/" + conversation, key)
                .body()
                .path("messageCount")
                .asLong();
        List<Long> walked = new ArrayList<>();
        String cursor = null;
        do {
          JsonNode page =
              app.api
                  .get(
                      base
                          + "/conversations/"
                          + conversation
                          + "/messages?limit=200"
                          + (cursor == null
                              ? ""
                              : "&before="
                                  + java.net.URLEncoder.encode(
                                      cursor, java.nio.charset.StandardCharsets.UTF_8)),
                      key)
                  .body();
          page.path("messages").forEach(m -> walked.add(m.path("seq").asLong()));
          cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertThat(walked).hasSize((int) count);
        for (int i = 0; i < walked.size(); i++) {
          assertThat(walked.get(i)).isEqualTo(count - i);
        }
        // the newest page comes from the conversation window, rebuilt after the batches bumped it
        List<Long> newest = new ArrayList<>();
        app.api
            .get(base + "/conversations/" + conversation + "/messages?limit=50", key)
            .body()
            .path("messages")
            .forEach(m -> newest.add(m.path("seq").asLong()));
        assertThat(newest).isEqualTo(walked.subList(0, Math.min(50, walked.size())));
      }
    }
  }

  /** Items are read as strictly as a single append's body: unknown or mistyped fields are 422. */
  @Test
  void unknownOrMistypedFieldsOfAnItemAreRefusedNamingThem() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254712000077");
    String head = "{\"conversationId\":\"" + c + "\",\"direction\":\"in\",";
    Reply reply =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":["
                + head
                + "\"type\":\"customer_inbound\",\"txt\":\"typo\"},"
                + head
                + "\"type\":\"customer_inbound\",\"text\":12345},"
                + head
                + "\"type\":\"customer_inbound\",\"text\":\"ok\",\"providerMessageId\":7},"
                + head
                + "\"type\":\"customer_inbound\",\"text\":\"ok\"}"
                + "]}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(statuses(reply.body().path("results"))).containsExactly(422, 422, 422, 201);
    assertThat(reply.body().at("/results/0/error").asText()).contains("messages[0].txt");
    assertThat(reply.body().at("/results/1/error").asText()).contains("messages[1].text");
    assertThat(reply.body().at("/results/2/error").asText())
        .contains("messages[2].providerMessageId");
  }

  private static String message(
      String conversation, String direction, String type, String text, String provider) {
    return "{\"conversationId\":\""
        + conversation
        + "\",\"direction\":\""
        + direction
        + "\",\"type\":\""
        + type
        + "\",\"text\":\""
        + text
        + "\""
        + (provider == null ? "" : ",\"providerMessageId\":\"" + provider + "\"")
        + "}";
  }

  private static List<Integer> statuses(JsonNode results) {
    List<Integer> statuses = new ArrayList<>();
    results.forEach(r -> statuses.add(r.path("status").asInt()));
    return statuses;
  }
}
