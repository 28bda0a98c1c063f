package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances sharing PostgreSQL and Redis: a PUT on one is seen by the other's next read within
 * the L1 bound (5 s), and typically within milliseconds through the invalidation bus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {
  private static final int ROUNDS = 200;
  private static final String CURSOR_SECRET = "shared-cursor-secret-of-both-instances";
  private ExternalApp first;
  private ExternalApp second;
  private String tenant;
  private String key;

  private TestServers.TestDatabase database;

  /** The shared Redis; {@link TwoInstancesClusterTest} runs the same tests on a cluster. */
  RedisTopology redis() {
    return RedisTopology.standalone(TestServers.redis());
  }

  @BeforeAll
  void start() {
    database = TestServers.newDatabase();
    first = ExternalApp.on(database.jdbcUrl(), redis(), "api.cursorSecret", CURSOR_SECRET);
    second = ExternalApp.on(database.jdbcUrl(), redis(), "api.cursorSecret", CURSOR_SECRET);
    Reply created =
        first.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Two\",\"slug\":\"two\"}");
    tenant = created.text("id");
    key = created.text("apiKey");
  }

  @AfterAll
  void stop() {
    first.close();
    second.close();
    System.out.printf(
        "Two instances on %s Redis: first %s; second %s%n",
        redis().name(), first.api.counts(), second.api.counts());
    assertThat(first.api.counts().failed() + second.api.counts().failed())
        .as("requests without an answer")
        .isZero();
  }

  @Test
  void aPutOnOneInstanceIsInTheOthersNextRead() throws Exception {
    String conversation =
        first
            .api
            .post(
                "/v1/tenants/" + tenant + "/conversations",
                key,
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254733000001\"}}")
            .text("id");
    String path = "/v1/tenants/" + tenant + "/conversations/" + conversation + "/reference-context";
    List<Long> lagsMicros = new ArrayList<>();
    long newestSeenOnB = 0;
    int staleFirstReads = 0;
    int staleAgentContexts = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      String body =
          "{\"listType\":\"products\",\"items\":[{\"id\":\"p"
              + round
              + "\",\"title\":\"Item "
              + round
              + "\"}]}";
      // The other instance holds the previous version in its L1, as a busy instance would.
      second.api.get(path, key);
      Reply put = first.api.sendRaw("PUT", path, key, body.getBytes(StandardCharsets.UTF_8));
      long written = System.nanoTime();
      assertThat(put.status()).isEqualTo(201);
      long version = put.body().path("version").asLong();
      long deadline = written + Duration.ofSeconds(6).toNanos();
      Reply agent = second.api.get(path.replace("/reference-context", "/agent-context"), key);
      if (agent.body().path("referenceContext").path("version").asLong() != version) {
        staleAgentContexts++;
      }
      long seen;
      boolean firstRead = true;
      while (true) {
        Reply read = second.api.get(path, key);
        seen = System.nanoTime();
        long shown = read.body().path("version").asLong();
        assertThat(shown)
            .as("never older than a version already seen")
            .isGreaterThanOrEqualTo(newestSeenOnB);
        newestSeenOnB = shown;
        if (firstRead && shown != version) {
          staleFirstReads++;
        }
        firstRead = false;
        if (read.body().path("version").asLong() == version || seen > deadline) {
          assertThat(read.body().path("version").asLong()).isEqualTo(version);
          break;
        }
      }
      lagsMicros.add((seen - written) / 1_000);
    }
    Collections.sort(lagsMicros);
    long p50 = lagsMicros.get(ROUNDS / 2);
    long p99 = lagsMicros.get(ROUNDS * 99 / 100 - 1);
    long max = lagsMicros.get(ROUNDS - 1);
    String report =
        String.format(
            Locale.ROOT,
            "%s Redis, %d PUTs on A, each then read on B: %d agent contexts and %d first reads"
                + " older than the PUT;"
                + " PUT answered -> B's agent context, then GET, answered with it: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            redis().name(),
            ROUNDS,
            staleAgentContexts,
            staleFirstReads,
            p50 / 1000.0,
            p99 / 1000.0,
            max / 1000.0);
    System.out.print(report);
    Files.writeString(Path.of("target", "invalidation-lag-" + redis().name() + ".txt"), report);
    assertThat(staleFirstReads)
        .as("B's first read after each acknowledged PUT on A, older than it (issue 12)")
        .isZero();
    assertThat(staleAgentContexts)
        .as("B's agent contexts right after each acknowledged PUT on A, showing an older list")
        .isZero();
    // The bus still tells B of every PUT (it drops B's entries early); the reads above no longer
    // wait for it, so the last message may land after them.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.counter("invalidations.received") >= ROUNDS);
  }

  @Test
  void aCatalogWriteOnOneInstanceRetiresTheOthersCachedResults() {
    String catalog = "/v1/tenants/" + tenant + "/catalog/products";
    String body =
        "{\"products\":[{\"externalSource\":\"s\",\"externalId\":\"1\",\"title\":\"TITLE\",\"price\":\"10.00\",\"currency\":\"KES\"}]}";
    first.api.sendRaw(
        "PUT", catalog, key, body.replace("TITLE", "Blue kikoi").getBytes(StandardCharsets.UTF_8));
    assertThat(firstTitle(second, catalog + "?query=kikoi")).isEqualTo("Blue kikoi");
    // Warm: no statement. Eventually, since an invalidation-bus reconnect left by an earlier test
    // (the lost-invalidation test kills the subscriptions) clears L1 when it lands.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.api.get(catalog + "?query=kikoi", key).queryCount() == 0);

    first.api.sendRaw(
        "PUT", catalog, key, body.replace("TITLE", "Green kikoi").getBytes(StandardCharsets.UTF_8));

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> firstTitle(second, catalog + "?query=kikoi").equals("Green kikoi"));
  }

  private String firstTitle(ExternalApp app, String search) {
    return app.api.get(search, key).body().path("products").get(0).path("title").asText();
  }

  @Test
  void aWarmedUpInstanceServesOpeningSuggestionsWithoutTheDatabase() {
    String body =
        "{\"products\":[{\"title\":\"Warm chai\",\"price\":\"50.00\",\"currency\":\"KES\"}]}";
    first.api.sendRaw(
        "PUT",
        "/v1/tenants/" + tenant + "/catalog/products",
        key,
        body.getBytes(StandardCharsets.UTF_8));
    try (ExternalApp warmed =
        new ExternalApp(database.jdbcUrl(), "none", "catalog.warmUpTenants", "10")) {
      warmed.api.get(
          "/v1/tenants/" + tenant + "/conversations?limit=1", key); // warms the key check
      Reply suggestions = warmed.api.get("/v1/tenants/" + tenant + "/catalog/suggestions", key);

      assertThat(suggestions.status()).isEqualTo(200);
      assertThat(suggestions.queryCount()).isZero();
    }
  }

  @Test
  void nothingCachedInRedisCarriesAKeyOrItsHash() {
    first.api.get("/v1/tenants/" + tenant + "/catalog/suggestions", key);
    List<String> keys = redis().keys("parley:*");
    assertThat(keys).isNotEmpty();
    String hash = io.parley.domain.model.KeyHash.of(key).hex();
    for (String k : keys) {
      String value = redis().get(k);
      assertThat(k + value).doesNotContain(key, hash, "prl_", ExternalApp.ADMIN_KEY);
    }
  }

  /**
   * B's subscriptions are killed, so the invalidation of A's next PUT is lost (pub/sub has no
   * replay): B's first read after the PUT must still show it, because an L1 entry is served only
   * after Redis confirms no newer version (the README's rule), not after the 5 s L1 TTL. Whether
   * the invalidation was in fact lost (B resubscribes by itself) is printed, not assumed.
   */
  @Test
  void aLostInvalidationDoesNotMakeTheNextReadStale() {
    String conversation =
        first
            .api
            .post(
                "/v1/tenants/" + tenant + "/conversations",
                key,
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254733000002\"}}")
            .text("id");
    String path = "/v1/tenants/" + tenant + "/conversations/" + conversation + "/reference-context";
    String body = "{\"listType\":\"products\",\"items\":[{\"id\":\"p\",\"title\":\"TITLE\"}]}";
    first.api.sendRaw(
        "PUT", path, key, body.replace("TITLE", "one").getBytes(StandardCharsets.UTF_8));
    assertThat(second.api.get(path, key).body().path("version").asLong()).isEqualTo(1);
    long receivedBefore = second.counter("invalidations.received");

    redis()
        .forEachNode(
            node ->
                node.sendCommand(
                    redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub"));
    first.api.sendRaw(
        "PUT", path, key, body.replace("TITLE", "two").getBytes(StandardCharsets.UTF_8));
    long shown = second.api.get(path, key).body().path("version").asLong();

    System.out.printf(
        "lost-invalidation test (%s): %d invalidations reached B between the kill and its read%n",
        redis().name(), second.counter("invalidations.received") - receivedBefore);
    assertThat(shown).as("B's first read after the PUT whose invalidation was lost").isEqualTo(2);
  }

  /** The README: with a shared PARLEY_CURSOR_SECRET a cursor one instance gave works on another. */
  @Test
  void aCursorFromOneInstanceReadsTheSamePageOnTheOther() {
    String conversation =
        first
            .api
            .post(
                "/v1/tenants/" + tenant + "/conversations",
                key,
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254733000003\"}}")
            .text("id");
    String messages = "/v1/tenants/" + tenant + "/conversations/" + conversation + "/messages";
    for (int i = 0; i < 5; i++) {
      first.api.post(
          messages, key, "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"m\"}");
    }
    String cursor =
        java.net.URLEncoder.encode(
            first.api.get(messages + "?limit=2", key).text("nextCursor"), StandardCharsets.UTF_8);

    Reply onSecond = second.api.get(messages + "?limit=2&before=" + cursor, key);
    Reply onFirst = first.api.get(messages + "?limit=2&before=" + cursor, key);

    assertThat(onSecond.status()).as(onSecond.toString()).isEqualTo(200);
    assertThat(onSecond.body().at("/messages/0/seq").asLong()).isEqualTo(3);
    assertThat(onSecond.body().path("messages")).isEqualTo(onFirst.body().path("messages"));
  }

  @Test
  void aKeyRevokedOnOneInstanceStopsWorkingOnTheOther() {
    Reply issued =
        first.api.post("/v1/tenants/" + tenant + "/api-keys", key, "{\"name\":\"temp\"}");
    String temp = issued.text("apiKey");
    String path = "/v1/tenants/" + tenant + "/conversations";
    assertThat(second.api.get(path, temp).status()).isEqualTo(200);

    first.api.delete("/v1/tenants/" + tenant + "/api-keys/" + issued.text("id"), key);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.api.get(path, temp).status() == 401);
  }
}
