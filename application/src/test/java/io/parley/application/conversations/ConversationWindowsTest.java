package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two instances sharing PostgreSQL and a Redis of this test's own: each round appends on one
 * instance and reads on the other. Reads never miss the append, the newest page and a repeated
 * agent context run no SQL (the conversation window in Redis), and an agent context right after an
 * append at most one statement (the catalog suggestions for the new text); with Redis killed and
 * restarted in the middle, reads still never miss.
 */
class ConversationWindowsTest {
  private static final int ROUNDS = 400;

  @Test
  void readsAfterAnAppendOnTheOtherInstanceNeverMissItAndRunNoSql() throws Exception {
    EmbeddedRedisServer redis = EmbeddedRedisServer.start(freePort());
    TestServers.TestDatabase database = TestServers.newDatabase();
    // A short lease: every append while Redis is down waits one term before it is acknowledged.
    try (ExternalApp a =
            new ExternalApp(database.jdbcUrl(), redis.url(), "redis.leaseTerm", "500ms");
        ExternalApp b =
            new ExternalApp(database.jdbcUrl(), redis.url(), "redis.leaseTerm", "500ms")) {
      Reply tenant =
          a.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"W\",\"slug\":\"windows\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      String conversation = Fixtures.start(a.api, base, key, "+254755000001");
      String path = base + "/conversations/" + conversation;
      List<Long> newestPage = new ArrayList<>();
      List<Long> afterAppend = new ArrayList<>();
      List<Long> repeated = new ArrayList<>();
      List<Long> appends = new ArrayList<>();
      List<String> misses = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        if (round == 200) {
          redis.stop();
        }
        if (round == 220) { // 20 appends while Redis is down, each waiting one lease term
          redis.restart();
        }
        ExternalApp writer = round % 2 == 0 ? a : b;
        ExternalApp reader = round % 2 == 0 ? b : a;
        Reply appended =
            writer.api.post(
                path + "/messages",
                key,
                "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"round "
                    + round
                    + "\"}");
        assertThat(appended.status()).isEqualTo(201);
        long seq = appended.body().path("seq").asLong();
        Reply page = reader.api.get(path + "/messages?limit=20", key);
        if (page.body().at("/messages/0/seq").asLong() != seq) {
          misses.add("newest page, round " + round);
        }
        Reply context = reader.api.get(path + "/agent-context", key);
        var recent = context.body().path("recentMessages");
        if (recent.isEmpty() || recent.get(recent.size() - 1).path("seq").asLong() != seq) {
          misses.add("agent context, round " + round);
        }
        Reply again = reader.api.get(path + "/agent-context", key);
        if (round < 200 || round > 300) {
          appends.add(appended.queryCount());
          newestPage.add(page.queryCount());
          afterAppend.add(context.queryCount());
          repeated.add(again.queryCount());
        }
      }
      System.out.printf(
          "Windows: %d rounds, %d misses; median statements: append %d, newest page %d, agent"
              + " context after an append %d, repeated %d%n",
          ROUNDS,
          misses.size(),
          median(appends),
          median(newestPage),
          median(afterAppend),
          median(repeated));
      System.out.printf(
          "Windows with a Redis restart: instance A %s; instance B %s%n",
          a.api.counts(), b.api.counts());
      assertThat(a.api.counts().failed() + b.api.counts().failed())
          .as("requests without an answer")
          .isZero();
      assertThat(misses).isEmpty();
      String scrape =
          java.net.http.HttpClient.newBuilder()
              .connectTimeout(ApiClient.TIMEOUT)
              .build()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + a.adminPort() + "/prometheus"))
                      .timeout(ApiClient.TIMEOUT)
                      .header("Authorization", "Bearer " + ExternalApp.ADMIN_KEY)
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scrape)
          .contains("parley_http_reads_total{endpoint=\"MessageResource.read\",target=\"window\",}")
          .contains("parley_cache_hits_total{cache=\"windows\",tier=\"l2\",}")
          .contains("parley_cache_hits_total{cache=\"windows\",tier=\"l1\",}");
      assertThat(median(appends))
          .as("an append extends the window it found instead of reading it again")
          .isEqualTo(1);
      assertThat(median(newestPage)).isZero();
      assertThat(median(repeated)).isZero();
      assertThat(median(afterAppend)).isLessThanOrEqualTo(1);
    } finally {
      redis.close();
    }
  }

  @Test
  void concurrentAppendsOnTwoInstancesLeaveWindowsThatMatchTheDatabase() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (ExternalApp a = new ExternalApp(database.jdbcUrl(), TestServers.redis().url());
        ExternalApp b = new ExternalApp(database.jdbcUrl(), TestServers.redis().url())) {
      Reply tenant =
          a.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"C\",\"slug\":\"racing\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      String path = base + "/conversations/" + Fixtures.start(a.api, base, key, "+2547550002");
      ExecutorService writers = Executors.newFixedThreadPool(8);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        ExternalApp app = w % 2 == 0 ? a : b;
        int writer = w;
        running.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String type = (writer + i) % 13 == 0 ? "system" : "customer_inbound";
                    assertThat(
                            app.api
                                .post(
                                    path + "/messages",
                                    key,
                                    "{\"direction\":\"in\",\"type\":\""
                                        + type
                                        + "\",\"text\":\"w"
                                        + writer
                                        + " "
                                        + i
                                        + "\"}")
                                .status())
                        .isEqualTo(201);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      writers.shutdown();
      List<Long> visible;
      try (var connection = database.dataSource().getConnection();
          var rows =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT seq FROM messages WHERE type <> 'system' ORDER BY seq DESC LIMIT 50")) {
        visible = new ArrayList<>();
        while (rows.next()) {
          visible.add(rows.getLong(1));
        }
      }
      for (ExternalApp reader : List.of(a, b)) {
        Reply page = reader.api.get(path + "/messages?limit=50", key);
        List<Long> seqs = new ArrayList<>();
        page.body().path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        assertThat(seqs).isEqualTo(visible);
        assertThat(reader.api.get(path, key).body().path("messageCount").asLong()).isEqualTo(320);
        assertThat(
                reader
                    .api
                    .get(path + "/agent-context?historyLimit=50", key)
                    .body()
                    .at("/conversation/messageCount")
                    .asLong())
            .isEqualTo(320);
      }
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
