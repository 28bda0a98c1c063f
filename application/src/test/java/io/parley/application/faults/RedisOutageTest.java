package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.LogPrivacy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis dies mid-test: PUT, GET and resolve keep succeeding from PostgreSQL and L1, the circuit
 * opens so requests stop waiting on Redis, the health check turns unhealthy; when Redis returns the
 * service uses it again with a cleared L1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogPrivacy.class)
class RedisOutageTest {
  private RedisTopology redis;
  private AutoCloseable redisServers;
  private ExternalApp app;
  private String tenant;
  private String key;

  /** A Redis of this test's own; {@link RedisClusterOutageTest} takes a whole cluster down. */
  RedisTopology startRedis() {
    EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
    redisServers = server;
    return RedisTopology.standalone(server);
  }

  void closeOnStop(AutoCloseable servers) {
    redisServers = servers;
  }

  @BeforeAll
  void start() {
    redis = startRedis();
    app = ExternalApp.on(TestServers.newDatabase().jdbcUrl(), redis);
    Reply created =
        app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Out\",\"slug\":\"out\"}");
    tenant = created.text("id");
    key = LogPrivacy.plant(created.text("apiKey"));
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
    redisServers.close();
  }

  private String conversation(int n) {
    return app.api
        .post(
            "/v1/tenants/" + tenant + "/conversations",
            key,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                + LogPrivacy.plant("+2547440000" + n)
                + "\",\"name\":\"PLANTED\"}}")
        .text("id");
  }

  private String path(String conversation) {
    return "/v1/tenants/" + tenant + "/conversations/" + conversation + "/reference-context";
  }

  private Reply put(String conversation, int round) {
    String body =
        "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"PLANTED Round "
            + round
            + "\"},{\"id\":\"b\",\"title\":\"Other\"}]}";
    return app.api.sendRaw("PUT", path(conversation), key, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Each worker writes its own conversation's context and reads it back: every answer a 2xx. */
  private List<String> traffic(List<String> conversations, int rounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(conversations.size());
    try {
      List<Callable<List<String>>> workers = new ArrayList<>();
      for (String conversation : conversations) {
        workers.add(
            () -> {
              List<String> failures = new ArrayList<>();
              for (int round = 1; round <= rounds; round++) {
                Reply written = put(conversation, round);
                Reply read = app.api.get(path(conversation), key);
                Reply resolved =
                    app.api.post(path(conversation) + "/resolve", key, "{\"text\":\"ya kwanza\"}");
                if (written.status() != 201 || read.status() != 200 || resolved.status() != 200) {
                  failures.add(written.status() + "/" + read.status() + "/" + resolved.status());
                } else if (read.body().path("version").asLong()
                    != written.body().path("version").asLong()) {
                  failures.add(
                      "read version "
                          + read.body().path("version")
                          + " after writing "
                          + written.body().path("version"));
                }
              }
              return failures;
            });
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> worker : pool.invokeAll(workers)) {
        failures.addAll(worker.get());
      }
      return failures;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keepsAnsweringWithoutRedisAndUsesItAgainWhenItReturns() throws Exception {
    List<String> conversations =
        List.of(conversation(1), conversation(2), conversation(3), conversation(4));
    assertThat(traffic(conversations, 10)).isEmpty();
    assertThat(app.healthy("redis")).isTrue();

    redis.stop();
    ApiClient.Counts outageStart = app.api.counts();
    long rejectedBefore = app.counter("redis.rejected");
    long loggedBefore = app.counter("cache.changes.logged");
    List<String> failures = traffic(conversations, 10);
    ApiClient.Counts outage = app.api.counts().since(outageStart);
    System.out.println("Redis (" + redis.name() + ") down: " + outage);

    assertThat(failures).isEmpty();
    assertThat(outage.answered()).as(outage.toString()).isEqualTo(120).isEqualTo(outage.sent());
    assertThat(app.gauge("redis.circuit.state"))
        .as("circuit open, or half-open and probing (1 s after opening)")
        .isIn(1, 2);
    assertThat(app.counter("redis.rejected") - rejectedBefore)
        .as("calls the open circuit spared")
        .isPositive();
    assertThat(app.gauge("cache.lease.held")).as("no cache lease without Redis").isEqualTo(0);
    assertThat(app.counter("cache.changes.logged") - loggedBefore)
        .as("every PUT Redis missed, logged for the instances to apply")
        .isEqualTo(40);
    assertThat(app.healthy("redis")).isFalse();
    assertThat(app.healthy("postgres")).isTrue();

    long clearedBefore = app.counter("cache.l1.cleared");
    redis.restart();
    // Redis came back without its data: until the members' hash it lost is a lease term old again,
    // writes take the logged path (a lease it does not list may still run), and applying their
    // logged changes drops what the writes left in L1. A write while the circuit still probes takes
    // the logged path too. On a cluster, a restarted node's pub/sub may lag its cluster bus: a
    // write
    // then waits out the lease of the member it did not hear from (this instance), whose late
    // invalidation drops what the write left in L1. Recovered: a write is neither logged nor waited
    // out (every member acknowledged it).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              long logged = app.counter("cache.changes.logged");
              long waitedOut = app.counter("cache.changes.waited-out");
              traffic(conversations.subList(0, 1), 1);
              return Integer.valueOf(0).equals(app.gauge("redis.circuit.state"))
                  && Integer.valueOf(1).equals(app.gauge("cache.lease.held"))
                  && app.counter("cache.changes.logged") == logged
                  && app.counter("cache.changes.waited-out") == waitedOut;
            });

    assertThat(app.counter("cache.l1.cleared")).isGreaterThan(clearedBefore);
    assertThat(app.healthy("redis")).isTrue();
    long hitsBefore = app.counter("cache.referenceContexts.l1.hits");
    long missesBefore = app.counter("cache.referenceContexts.l1.misses");
    assertThat(traffic(conversations, 5)).isEmpty();
    long hits = app.counter("cache.referenceContexts.l1.hits") - hitsBefore;
    long misses = app.counter("cache.referenceContexts.l1.misses") - missesBefore;
    assertThat((double) hits / (hits + misses)).as("hit ratio after recovery").isGreaterThan(0.9);
    assertThat(redis.get("parley:{" + tenant + "}:ref:" + conversations.get(3)))
        .startsWith("25|")
        .contains("Round 5");
    ApiClient.Counts all = app.api.counts();
    System.out.println("Redis (" + redis.name() + ") outage test, all requests: " + all);
    assertThat(all.failed()).as(all.toString()).isZero();
  }
}
