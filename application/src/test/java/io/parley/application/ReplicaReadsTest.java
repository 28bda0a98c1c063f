package io.parley.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.testing.PostgresReplicaPair;
import io.parley.adapters.testing.TestServers;
import io.parley.application.ApiClient.Reply;
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
 * write on the other instance never miss it (they go to the primary), a conversation left alone is
 * read from the replica, and a standby stopped under traffic fails no read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaReadsTest {
  private static final int ROUNDS = 1_000;
  private static final Pattern REPLICA_READS =
      Pattern.compile("parley_db_reads_total\\{target=\"replica\",} ([0-9.E]+)");

  private PostgresReplicaPair servers;
  private ExternalApp writer;
  private ExternalApp reader;
  private String key;
  private String base;

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
    base = "/v1/tenants/" + tenant.text("id");
  }

  @AfterAll
  void stop() throws Exception {
    writer.close();
    reader.close();
    servers.close();
  }

  @Test
  void readsRightAfterAWriteOnAnotherInstanceNeverMissIt() {
    String conversation = ErasureAppTest.start(writer.api, base, key, "+254733100001");
    String messages = base + "/conversations/" + conversation + "/messages";
    List<String> misses = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
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
    System.out.printf("Replica reads: %d rounds, %d stale reads%n", ROUNDS, misses.size());
    assertThat(misses).isEmpty();
  }

  @Test
  void aConversationLeftAloneIsReadFromTheReplicaAndAStoppedStandbyFailsNoRead() throws Exception {
    String conversation = ErasureAppTest.start(writer.api, base, key, "+254733100002");
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
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.adminPort() + path))
                .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
