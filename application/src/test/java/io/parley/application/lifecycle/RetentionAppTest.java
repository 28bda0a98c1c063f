package io.parley.application.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant lifecycle settings and the retention pass, on one instance over real PostgreSQL and Redis:
 * messages past the limit removed with counters and pages consistent, closed conversations removed,
 * idle ones made dormant, replaced reference contexts purged, one pass at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OLD = 50_000;
  private static final int RECENT = 50_000;

  private TestServers.TestDatabase database;
  private ExternalApp app;

  @BeforeAll
  void start() {
    database = TestServers.newDatabase();
    app = ExternalApp.on(database.jdbcUrl(), RedisTopology.standalone(TestServers.redis()));
  }

  @AfterAll
  void stop() {
    app.close();
  }

  @Test
  void settingsAreReadAndChangedByTheTenantAndValidated() {
    Reply tenant = newTenant("settings");
    String path = "/v1/tenants/" + tenant.text("id");
    String key = tenant.text("apiKey");
    assertThat(app.api.get(path, key).body().at("/retention/messageDays").isNull()).isTrue();

    Reply changed =
        app.api.patch(
            path,
            key,
            "{\"retention\":{\"messageDays\":90,\"closedConversationDays\":30},\"dormantAfterHours\":24}");
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.body().at("/retention/messageDays").asInt()).isEqualTo(90);
    assertThat(changed.body().at("/retention/closedConversationDays").asInt()).isEqualTo(30);
    assertThat(changed.body().path("dormantAfterHours").asInt()).isEqualTo(24);
    Reply partly =
        app.api.patch(path, ExternalApp.ADMIN_KEY, "{\"retention\":{\"messageDays\":null}}");
    assertThat(partly.body().at("/retention/messageDays").isNull()).isTrue();
    assertThat(partly.body().at("/retention/closedConversationDays").asInt()).isEqualTo(30);
    assertThat(app.api.get(path, key).body()).isEqualTo(partly.body());

    assertThat(app.api.patch(path, key, "{\"retention\":{\"messageDays\":0}}").status())
        .isEqualTo(422);
    assertThat(app.api.patch(path, key, "{\"retention\":{\"messageDays\":3651}}").status())
        .isEqualTo(422);
    assertThat(app.api.patch(path, key, "{\"dormantAfterHours\":8761}").status()).isEqualTo(422);
    Reply typed = app.api.patch(path, key, "{\"dormantAfterHours\":\"soon\"}");
    assertThat(typed.status()).isEqualTo(400);
    assertThat(typed.text("message")).contains("dormantAfterHours");
    assertThat(app.api.patch(path, key, "[]").status()).isEqualTo(400);
    Reply other = newTenant("settings-other");
    assertThat(app.api.patch(path, other.text("apiKey"), "{\"dormantAfterHours\":1}").status())
        .isEqualTo(404);
    assertThat(app.api.get(path, key).body()).isEqualTo(partly.body());
  }

  @Test
  void aPassRemovesExactlyTheMessagesPastTheLimitWhileAppendsGoOn() throws Exception {
    Reply tenant = newTenant("retention");
    String key = tenant.text("apiKey");
    String base = "/v1/tenants/" + tenant.text("id");
    String conversation = Fixtures.start(app.api, base, key, "+254711000001");
    storeAged(database.dataSource(), tenant.text("id"), conversation);
    assertThat(app.api.patch(base, key, "{\"retention\":{\"messageDays\":30}}").status())
        .isEqualTo(200);
    String messages = base + "/conversations/" + conversation + "/messages";

    List<Long> quiet = appendFor(messages, key, 1_500, null);
    AtomicBoolean passing = new AtomicBoolean(true);
    List<Long> during = Collections.synchronizedList(new ArrayList<>());
    ExecutorService appender = Executors.newSingleThreadExecutor();
    var appending = appender.submit(() -> appendFor(messages, key, 0, passing));
    long started = System.nanoTime();
    JsonNode report = JSON.readTree(task(app.adminPort()));
    long passMillis = (System.nanoTime() - started) / 1_000_000;
    passing.set(false);
    during.addAll(appending.get());
    appender.shutdown();

    assertThat(report.path("ran").asBoolean()).isTrue();
    assertThat(report.path("messages").asLong()).isEqualTo(OLD);
    System.out.printf(
        "Retention pass: %d messages in %d ms (%.0f rows/s); appends p99 %d us quiet (%d),"
            + " %d us during the pass (%d)%n",
        OLD,
        passMillis,
        OLD * 1000.0 / Math.max(1, passMillis),
        p99(quiet),
        quiet.size(),
        p99(during),
        during.size());

    long kept = RECENT + quiet.size() + during.size();
    Reply conversationNow = app.api.get(base + "/conversations/" + conversation, key);
    assertThat(conversationNow.body().path("messageCount").asLong()).isEqualTo(kept);
    assertThat(
            rows(
                database.dataSource(),
                "SELECT count(*) FROM messages WHERE conversation_id = '" + conversation + "'"))
        .isEqualTo(kept);
    Reply first = app.api.get(messages + "?page=1&pageSize=100&order=asc", key);
    assertThat(first.body().path("totalMessages").asLong()).isEqualTo(kept);
    assertThat(first.body().at("/messages/0/seq").asLong()).isEqualTo(OLD + 1);
    long lastPage = (kept + 99) / 100;
    Reply last = app.api.get(messages + "?page=" + lastPage + "&pageSize=100&order=asc", key);
    JsonNode lastMessages = last.body().path("messages");
    assertThat(lastMessages.get(lastMessages.size() - 1).path("seq").asLong())
        .isEqualTo(OLD + kept);
    Reply deep = app.api.get(messages + "?page=201&pageSize=100", key);
    assertThat(deep.body().at("/messages/0/seq").asLong()).isEqualTo(OLD + kept - 20_000);
    assertThat(deep.queryCount()).isEqualTo(1);

    String scrape = admin("/prometheus");
    assertThat(scrape).contains("parley_retention_removed_total{kind=\"messages\",}");
    assertThat(JSON.readTree(task(app.adminPort())).path("messages").asLong()).isZero();
  }

  @Test
  void closedConversationsGoIdleOnesTurnDormantAndReplacedContextsArePurged() throws Exception {
    Reply tenant = newTenant("lifecycle");
    String key = tenant.text("apiKey");
    String id = tenant.text("id");
    String base = "/v1/tenants/" + id;
    String closed = Fixtures.start(app.api, base, key, "+254711000101");
    app.api.post(
        base + "/conversations/" + closed + "/messages",
        key,
        "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"old\"}");
    app.api.patch(base + "/conversations/" + closed, key, "{\"status\":\"closed\"}");
    String idle = Fixtures.start(app.api, base, key, "+254711000102");
    String busy = Fixtures.start(app.api, base, key, "+254711000103");
    for (int version = 1; version <= 3; version++) {
      app.api.sendRaw(
          "PUT",
          base + "/conversations/" + busy + "/reference-context",
          key,
          ("{\"listType\":\"products\",\"items\":[{\"id\":\"v"
                  + version
                  + "\",\"title\":\"Shoes\"}]}")
              .getBytes(StandardCharsets.UTF_8));
    }
    execute(
        "UPDATE conversations SET updated_at = now() - interval '10 days' WHERE id = '"
            + closed
            + "'",
        "UPDATE conversations SET updated_at = now() - interval '2 days' WHERE id = '" + idle + "'",
        "UPDATE reference_contexts SET created_at = now() - interval '3 days'"
            + " WHERE conversation_id = '"
            + busy
            + "' AND version < 3");
    assertThat(
            app.api
                .patch(
                    base,
                    key,
                    "{\"retention\":{\"closedConversationDays\":7},\"dormantAfterHours\":24}")
                .status())
        .isEqualTo(200);

    JsonNode report = JSON.readTree(task(app.adminPort()));
    assertThat(report.path("conversations").asLong()).isEqualTo(1);
    assertThat(report.path("dormantConversations").asLong()).isEqualTo(1);
    assertThat(report.path("referenceContexts").asLong()).isGreaterThanOrEqualTo(1);

    assertThat(app.api.get(base + "/conversations/" + closed, key).status()).isEqualTo(404);
    assertThat(
            rows(
                database.dataSource(),
                "SELECT count(*) FROM customers WHERE address = '+254711000101'"))
        .as("the customer had no other conversation")
        .isZero();
    assertThat(app.api.get(base + "/conversations/" + idle, key).body().path("status").asText())
        .isEqualTo("dormant");
    Reply next =
        app.api.post(
            base + "/conversations",
            key,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254711000102\"}}");
    assertThat(next.status()).as("the next message starts a new conversation").isEqualTo(201);
    assertThat(next.text("id")).isNotEqualTo(idle);
    assertThat(app.api.get(base + "/conversations/" + busy, key).body().path("status").asText())
        .isEqualTo("open");
    assertThat(
            rows(
                database.dataSource(),
                "SELECT count(*) FROM reference_contexts WHERE conversation_id = '" + busy + "'"))
        .as("version 1 was replaced 3 days ago; 2 only just, by 3")
        .isEqualTo(2);
    assertThat(
            app.api
                .get(base + "/conversations/" + busy + "/reference-context", key)
                .body()
                .path("version")
                .asLong())
        .isEqualTo(3);
  }

  /**
   * The windows (Redis and each instance's decoded copy) of what a pass trimmed or removed go with
   * it: the newest page right after the pass shows no trimmed message, and a removed conversation
   * leaves no window or generation key in Redis.
   */
  @Test
  void aPassDropsTheWindowsOfWhatItTrimsAndRemoves() throws Exception {
    Reply tenant = newTenant("windows");
    String key = tenant.text("apiKey");
    String base = "/v1/tenants/" + tenant.text("id");
    String trimmed = Fixtures.start(app.api, base, key, "+254711000201");
    String messages = base + "/conversations/" + trimmed + "/messages";
    for (int i = 1; i <= 3; i++) {
      assertThat(app.api.post(messages, key, inbound("old " + i)).status()).isEqualTo(201);
    }
    execute(
        "UPDATE messages SET created_at = now() - interval '60 days' WHERE conversation_id = '"
            + trimmed
            + "'",
        "UPDATE conversations SET created_at = now() - interval '61 days' WHERE id = '"
            + trimmed
            + "'");
    assertThat(app.api.post(messages, key, inbound("recent")).status()).isEqualTo(201);
    Reply before = app.api.get(messages, key);
    assertThat(before.body().path("messages").size()).isEqualTo(4);
    assertThat(before.queryCount()).as("the newest page came from the window").isZero();

    String removed = Fixtures.start(app.api, base, key, "+254711000202");
    String removedMessages = base + "/conversations/" + removed + "/messages";
    assertThat(app.api.post(removedMessages, key, inbound("bye")).status()).isEqualTo(201);
    app.api.patch(base + "/conversations/" + removed, key, "{\"status\":\"closed\"}");
    assertThat(app.api.get(removedMessages, key).queryCount()).isZero();
    execute(
        "UPDATE conversations SET updated_at = now() - interval '10 days' WHERE id = '"
            + removed
            + "'");
    assertThat(windowKeys(removed)).as("its window is in Redis").isNotEmpty();

    assertThat(
            app.api
                .patch(
                    base, key, "{\"retention\":{\"messageDays\":30,\"closedConversationDays\":7}}")
                .status())
        .isEqualTo(200);
    JsonNode report = JSON.readTree(task(app.adminPort()));
    assertThat(report.path("messages").asLong()).as(report.toString()).isEqualTo(4);
    assertThat(report.path("conversations").asLong()).isEqualTo(1);

    Reply after = app.api.get(messages, key);
    assertThat(after.body().path("messages").size()).as(after.toString()).isEqualTo(1);
    assertThat(after.body().at("/messages/0/text").asText()).isEqualTo("recent");
    assertThat(windowKeys(removed)).as("its window and generation are gone").isEmpty();
    assertThat(app.api.get(removedMessages, key).status()).isEqualTo(404);
  }

  /** The conversation's window and window-generation keys in Redis. */
  private static List<String> windowKeys(String conversation) {
    return Fixtures.redisKeysNaming(conversation).stream()
        .filter(key -> key.contains(":win:") || key.contains(":gen:"))
        .toList();
  }

  private static String inbound(String text) {
    return "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"" + text + "\"}";
  }

  @Test
  void onePassAtATime() throws Exception {
    execute(
        "INSERT INTO leases (name, holder, expires_at) VALUES ('retention', 'another-instance',"
            + " now() + interval '1 minute') ON CONFLICT (name) DO UPDATE"
            + " SET holder = 'another-instance', expires_at = now() + interval '1 minute'");
    try {
      assertThat(JSON.readTree(task(app.adminPort())).path("ran").asBoolean()).isFalse();
    } finally {
      execute("UPDATE leases SET expires_at = now() WHERE name = 'retention'");
    }
    assertThat(JSON.readTree(task(app.adminPort())).path("ran").asBoolean()).isTrue();
    JsonNode health = JSON.readTree(admin("/healthcheck")).path("retention");
    assertThat(health.path("healthy").asBoolean()).as(health.toString()).isTrue();
    assertThat(health.path("message").asText()).startsWith("last pass succeeded at");
    assertThat(admin("/prometheus"))
        .containsPattern("parley_retention_last_success_timestamp_seconds [0-9]\\.[0-9]+E9");
  }

  private Reply newTenant(String slug) {
    Reply tenant =
        app.api.post(
            "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"R\",\"slug\":\"" + slug + "\"}");
    assertThat(tenant.status()).isEqualTo(201);
    return tenant;
  }

  /** OLD messages from 60 days ago, then RECENT from yesterday, counters to match. */
  private static void storeAged(DataSource data, String tenant, String conversation)
      throws Exception {
    try (Connection connection = data.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text,"
                    + " created_at) SELECT ?::uuid, ?::uuid, s, gen_random_uuid(),"
                    + " CASE WHEN s % 2 = 0 THEN 'out' ELSE 'in' END,"
                    + " CASE WHEN s % 2 = 0 THEN 'bot_response' ELSE 'customer_inbound' END,"
                    + " 'text ' || s, CASE WHEN s <= ? THEN now() - interval '60 days'"
                    + " ELSE now() - interval '1 day' END"
                    + " FROM generate_series(1, ?) s");
        PreparedStatement counters =
            connection.prepareStatement(
                "UPDATE conversations SET last_seq = ?, message_count = ?, created_at = now() -"
                    + " interval '61 days', message_counts = jsonb_build_object("
                    + "'in.customer_inbound', ? / 2, 'out.bot_response', ? / 2)"
                    + " WHERE tenant_id = ?::uuid AND id = ?::uuid")) {
      insert.setString(1, tenant);
      insert.setString(2, conversation);
      insert.setInt(3, OLD);
      insert.setInt(4, OLD + RECENT);
      insert.executeUpdate();
      int total = OLD + RECENT;
      counters.setInt(1, total);
      counters.setInt(2, total);
      counters.setInt(3, total);
      counters.setInt(4, total);
      counters.setString(5, tenant);
      counters.setString(6, conversation);
      assertThat(counters.executeUpdate()).isEqualTo(1);
    }
  }

  /** Appends one at a time for {@code millis} (or while {@code running}); each one's latency. */
  private List<Long> appendFor(String messages, String key, long millis, AtomicBoolean running) {
    List<Long> micros = new ArrayList<>();
    long until = System.nanoTime() + millis * 1_000_000;
    AtomicInteger n = new AtomicInteger();
    while (running != null ? running.get() : System.nanoTime() < until) {
      long start = System.nanoTime();
      Reply appended =
          app.api.post(
              messages,
              key,
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"m"
                  + n.incrementAndGet()
                  + "\"}");
      micros.add((System.nanoTime() - start) / 1_000);
      assertThat(appended.status()).isEqualTo(201);
    }
    return micros;
  }

  private static long p99(List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    return sorted.isEmpty()
        ? 0
        : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
  }

  private long rows(DataSource data, String sql) throws Exception {
    try (Connection connection = data.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private void execute(String... sql) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private String admin(String path) throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(ApiClient.TIMEOUT)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + path))
                .timeout(ApiClient.TIMEOUT)
                .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String task(int adminPort) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(ApiClient.TIMEOUT)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/tasks/retention"))
                    .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(ApiClient.TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
