package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.testing.PostgresReplicaPair;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances over a primary and a hot standby that applies WAL 500 ms late: reads right after a
 * write on the other instance never miss it (they go to the primary, while the replica serves other
 * reads), {@code minSeq} brings a write neither the window nor the replica shows yet, a
 * conversation left alone is read from the replica, and a standby stopped under traffic fails no
 * read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaReadsTest {
  private static final int ROUNDS = 500;
  private static final Pattern REPLICA_READS =
      Pattern.compile("parley_db_reads_total\\{target=\"replica\",} ([0-9.E]+)");

  private PostgresReplicaPair servers;
  private ExternalApp writer;
  private ExternalApp reader;
  private String key;
  private String base;
  private String tenantId;

  @BeforeAll
  void start() throws Exception {
    servers = PostgresReplicaPair.start(500);
    PostgresSchema.migrate(servers.primaryUrl(), "postgres", "");
    String redis = TestServers.redis().url();
    writer =
        new ExternalApp(servers.primaryUrl(), redis, "database.replicaUrls", servers.standbyUrl());
    reader =
        new ExternalApp(servers.primaryUrl(), redis, "database.replicaUrls", servers.standbyUrl());
    Reply tenant =
        writer.api.post(
            "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Rep\",\"slug\":\"rep\"}");
    key = tenant.text("apiKey");
    tenantId = tenant.text("id");
    base = "/v1/tenants/" + tenantId;
  }

  @AfterAll
  void stop() throws Exception {
    writer.close();
    reader.close();
    servers.close();
  }

  @Test
  void readsRightAfterAWriteOnAnotherInstanceNeverMissIt() throws Exception {
    String conversation = Fixtures.start(writer.api, base, key, "+254733100001");
    String messages = base + "/conversations/" + conversation + "/messages";
    // A conversation left alone, read now and then: the replica stays in rotation and in use, so
    // the fresh reads below reach the primary by choice, not for want of a replica.
    String quiet = Fixtures.start(writer.api, base, key, "+254733100009");
    String quietMessages =
        base + "/conversations/" + quiet + "/messages?limit=5&includeSystem=true";
    Thread.sleep(1_500);
    double replicaReadsBefore = replicaReads(reader);
    List<String> misses = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      if (round % 50 == 0) {
        assertThat(reader.api.get(quietMessages, key).status()).isEqualTo(200);
      }
      Reply appended =
          writer.api.post(
              messages,
              key,
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"round "
                  + round
                  + "\"}");
      assertThat(appended.status()).isEqualTo(201);
      long seq = appended.body().path("seq").asLong();
      JsonNode newest = reader.api.get(messages + "?limit=5", key).body();
      if (newest.at("/messages/0/seq").asLong() != seq) {
        misses.add("newest page, round " + round);
      }
      if (round > 10) {
        JsonNode deep =
            reader
                .api
                .get(
                    messages
                        + "?limit=5&before="
                        + java.net.URLEncoder.encode(
                            newest.path("nextCursor").asText(),
                            java.nio.charset.StandardCharsets.UTF_8),
                    key)
                .body();
        if (deep.at("/messages/0/seq").asLong() != seq - 5) {
          misses.add("deep cursor page, round " + round);
        }
      }
      JsonNode page = reader.api.get(messages + "?page=1&pageSize=5&order=asc", key).body();
      if (page.path("totalMessages").asLong() != seq) {
        misses.add("numbered page total, round " + round);
      }
      JsonNode context =
          reader
              .api
              .get(base + "/conversations/" + conversation + "/agent-context?historyLimit=3", key)
              .body();
      JsonNode recent = context.path("recentMessages");
      if (recent.isEmpty() || recent.get(recent.size() - 1).path("seq").asLong() != seq) {
        misses.add("agent context, round " + round);
      }
    }
    double replicaReadsDuring = replicaReads(reader) - replicaReadsBefore;
    System.out.printf(
        "Replica reads: %d rounds, %d stale reads, %.0f reads on the replica meanwhile%n",
        ROUNDS, misses.size(), replicaReadsDuring);
    assertThat(misses).isEmpty();
    assertThat(replicaReadsDuring).as("reads the replica served during the rounds").isPositive();
  }

  /**
   * A write the service does not know of (straight into the primary: no recorded WAL position, no
   * window bump, and the standby applies it 500 ms late) is missing from plain reads, and {@code
   * minSeq} brings it: from the primary, past the window and the replica.
   */
  @Test
  void minSeqReadsAWriteTheReplicaAndTheWindowDoNotShowYetFromThePrimary() throws Exception {
    String conversation = Fixtures.start(writer.api, base, key, "+254733100003");
    String path = base + "/conversations/" + conversation;
    writer.api.post(
        path + "/messages",
        key,
        "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\"}");
    int controlled = 0;
    List<String> misses = new ArrayList<>();
    for (int attempt = 0; attempt < 5 && controlled < 2; attempt++) {
      Thread.sleep(1_500); // the standby catches up, the window is warm
      assertThat(reader.api.get(path + "/messages?limit=5", key).status()).isEqualTo(200);
      long seq = appendBehindTheServicesBack(conversation);
      long written = System.nanoTime();
      long plainReplica =
          newestSeq(reader.api.get(path + "/messages?limit=5&includeSystem=true", key));
      long plainWindow = newestSeq(reader.api.get(path + "/messages?limit=5", key));
      if (System.nanoTime() - written > 300_000_000L || plainReplica >= seq) {
        continue; // too slow a machine to see the replica behind: not a control, try again
      }
      controlled++;
      assertThat(plainWindow).as("the window does not know of the write").isLessThan(seq);
      String minSeq = "minSeq=" + seq;
      if (newestSeq(reader.api.get(path + "/messages?limit=5&includeSystem=true&" + minSeq, key))
          != seq) {
        misses.add("replica-routed slice, attempt " + attempt);
      }
      if (newestSeq(reader.api.get(path + "/messages?limit=5&" + minSeq, key)) != seq) {
        misses.add("window-served slice, attempt " + attempt);
      }
      if (reader
              .api
              .get(path + "/messages?page=1&pageSize=5&" + minSeq, key)
              .body()
              .path("totalMessages")
              .asLong()
          != seq) {
        misses.add("numbered page, attempt " + attempt);
      }
      JsonNode recent =
          reader.api.get(path + "/agent-context?" + minSeq, key).body().path("recentMessages");
      if (recent.isEmpty() || recent.get(recent.size() - 1).path("seq").asLong() != seq) {
        misses.add("agent context, attempt " + attempt);
      }
    }
    assertThat(controlled).as("attempts where the replica was seen behind").isPositive();
    assertThat(misses).as("reads with minSeq that missed it").isEmpty();
  }

  private static long newestSeq(Reply slice) {
    return slice.body().at("/messages/0/seq").asLong();
  }

  /** Appends as the service does, on the primary, without telling the service. */
  private long appendBehindTheServicesBack(String conversation) throws Exception {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(servers.primaryUrl(), "postgres", "");
        java.sql.PreparedStatement append =
            connection.prepareStatement(
                """
                WITH bumped AS (
                  UPDATE conversations SET last_seq = last_seq + 1,
                    message_count = message_count + 1,
                    message_counts = jsonb_set(message_counts, ARRAY['in.customer_inbound'],
                      to_jsonb(COALESCE((message_counts ->> 'in.customer_inbound')::bigint, 0) + 1))
                  WHERE tenant_id = ?::uuid AND id = ?::uuid
                  RETURNING last_seq)
                INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text,
                                      created_at)
                SELECT ?::uuid, ?::uuid, bumped.last_seq, gen_random_uuid(), 'in',
                       'customer_inbound', 'behind the back', now()
                FROM bumped
                RETURNING seq""")) {
      append.setString(1, tenantId);
      append.setString(2, conversation);
      append.setString(3, tenantId);
      append.setString(4, conversation);
      try (java.sql.ResultSet row = append.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  @Test
  void aConversationLeftAloneIsReadFromTheReplicaAndAStoppedStandbyFailsNoRead() throws Exception {
    String conversation = Fixtures.start(writer.api, base, key, "+254733100002");
    String messages = base + "/conversations/" + conversation + "/messages";
    writer.api.post(
        messages, key, "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\"}");
    Thread.sleep(2_000); // the scenario itself: the conversation is left alone for 2 s
    double before = replicaReads(reader);
    // With system messages included: a read the conversation window does not serve.
    for (int i = 0; i < 20; i++) {
      assertThat(reader.api.get(messages + "?limit=5&includeSystem=true", key).status())
          .isEqualTo(200);
    }
    assertThat(replicaReads(reader)).as("reads served by the replica").isGreaterThan(before);

    AtomicBoolean reading = new AtomicBoolean(true);
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread traffic =
        new Thread(
            () -> {
              while (reading.get()) {
                statuses.add(
                    reader.api.get(messages + "?limit=5&includeSystem=true", key).status());
              }
            });
    traffic.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty());
    servers.stopStandby();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(health(reader))
                    .at("/replica-1/healthy")
                    .asBoolean(true));
    assertThat(health(reader)).contains("replica-1");
    servers.startStandby();
    double stopped = replicaReads(reader);
    await().atMost(Duration.ofSeconds(30)).until(() -> replicaReads(reader) > stopped);
    reading.set(false);
    traffic.join();
    assertThat(statuses).isNotEmpty().containsOnly(200);

    String scrape = admin(reader, "/prometheus");
    assertThat(scrape)
        .contains("parley_db_replica_lag_seconds{replica=\"replica-1\",}")
        .contains("parley_db_replica_up{replica=\"replica-1\",}")
        .contains("parley_http_reads_total{endpoint=\"MessageResource.read\",target=\"replica\",}");
  }

  private static double replicaReads(ExternalApp app) throws Exception {
    Matcher found = REPLICA_READS.matcher(admin(app, "/prometheus"));
    return found.find() ? Double.parseDouble(found.group(1)) : 0;
  }

  private static String health(ExternalApp app) throws Exception {
    return admin(app, "/healthcheck");
  }

  private static String admin(ExternalApp app, String path) throws Exception {
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
}
