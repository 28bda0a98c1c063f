package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.testing.RedisCluster;
import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.LogPrivacy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 3-master, 3-replica Redis Cluster under two instances and 4 workers (PUT on one instance, GET
 * and resolve on the other, catalog search): a manual CLUSTER FAILOVER, then a kill of the master
 * that holds the tenant's slot. No request fails or goes unanswered, no read misses a PUT
 * acknowledged before it began (the README's promise, exactly), and L2 hits resume once the slot
 * has a master again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(LogPrivacy.class)
class RedisClusterFailoverTest {
  private static final String L2_HITS = "cache.referenceContexts.l2.hits";

  private RedisCluster cluster;
  private ExternalApp writer;
  private ExternalApp reader;
  private String tenant;
  private String key;
  private final List<String> report = new ArrayList<>();

  @BeforeAll
  void start() {
    cluster = RedisCluster.start(3, 1);
    RedisTopology redis = RedisTopology.cluster(cluster);
    String database = TestServers.newDatabase().jdbcUrl();
    writer = ExternalApp.on(database, redis);
    reader = ExternalApp.on(database, redis);
    Reply created =
        writer.api.post(
            "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Fail\",\"slug\":\"failover\"}");
    tenant = created.text("id");
    key = LogPrivacy.plant(created.text("apiKey"));
    writer.api.sendRaw(
        "PUT",
        "/v1/tenants/" + tenant + "/catalog/products",
        key,
        "{\"products\":[{\"title\":\"Red sneakers\",\"price\":\"10.00\",\"currency\":\"KES\"}]}"
            .getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  void stop() throws Exception {
    writer.close();
    reader.close();
    cluster.close();
    Files.write(Path.of("target", "redis-cluster-failover.txt"), report);
  }

  @Test
  @Order(1)
  void aManualFailoverLosesNoRequestAndL2HitsResume() throws Exception {
    Traffic traffic = Traffic.start(this);
    try {
      traffic.awaitRequests(200);
      int master = cluster.masterOf(tenantKey());
      long started = System.nanoTime();
      cluster.failover(cluster.replicaOf(master));
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster.masterOf(tenantKey()) != master);
      double resumed = secondsUntilL2HitsResume(started);
      traffic.awaitRequests(200);
      traffic.stop();
      record("manual CLUSTER FAILOVER", traffic, resumed);
    } finally {
      traffic.stop();
    }
    traffic.assertClean();
  }

  @Test
  @Order(2)
  void killingTheTenantsMasterLosesNoRequestAndL2HitsResume() throws Exception {
    Traffic traffic = Traffic.start(this);
    try {
      traffic.awaitRequests(200);
      int master = cluster.masterOf(tenantKey());
      long started = System.nanoTime();
      cluster.kill(master);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> cluster.masterOf(tenantKey()) != master);
      cluster.awaitOk();
      double resumed = secondsUntilL2HitsResume(started);
      traffic.awaitRequests(200);
      traffic.stop();
      record("SIGKILL of the tenant's master", traffic, resumed);
    } finally {
      traffic.stop();
    }
    traffic.assertClean();
  }

  private String tenantKey() {
    return "parley:{" + tenant + "}:x";
  }

  /** Seconds from the fault until the reader's L2 hits grow again (the slot has a master). */
  private double secondsUntilL2HitsResume(long faultAt) {
    long before = reader.counter(L2_HITS);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> reader.counter(L2_HITS) > before + 20);
    return (System.nanoTime() - faultAt) / 1e9;
  }

  private void record(String fault, Traffic traffic, double resumed) {
    String line =
        String.format(
            Locale.ROOT,
            "%s: %d requests, %d failed, %d reads missing a PUT acknowledged before them; L2 hits resumed %.2f s after"
                + " the fault; writer's client: %s; reader's client: %s",
            fault,
            traffic.requests.get(),
            traffic.failures.size(),
            traffic.stale.size(),
            resumed,
            writer.api.counts().since(traffic.writerBefore),
            reader.api.counts().since(traffic.readerBefore));
    System.out.println(line);
    report.add(line);
  }

  /** Four workers, each on a conversation of its own, until stopped. */
  private static final class Traffic {
    final AtomicLong requests = new AtomicLong();
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final Queue<String> stale = new ConcurrentLinkedQueue<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final ApiClient.Counts writerBefore;
    final ApiClient.Counts readerBefore;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Future<?>> workers = new ArrayList<>();
    private final RedisClusterFailoverTest test;

    private Traffic(RedisClusterFailoverTest test) {
      this.test = test;
      this.writerBefore = test.writer.api.counts();
      this.readerBefore = test.reader.api.counts();
    }

    static Traffic start(RedisClusterFailoverTest test) {
      Traffic traffic = new Traffic(test);
      for (int worker = 0; worker < 4; worker++) {
        String conversation = traffic.conversation(worker);
        traffic.workers.add(traffic.pool.submit(() -> traffic.work(conversation)));
      }
      return traffic;
    }

    /** Lets the workers send {@code count} more requests. */
    void awaitRequests(int count) {
      long target = requests.get() + count;
      await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= target);
    }

    void stop() throws Exception {
      if (running.getAndSet(false)) {
        for (Future<?> worker : workers) {
          worker.get();
        }
        pool.shutdown();
      }
    }

    void assertClean() {
      ApiClient.Counts written = test.writer.api.counts().since(writerBefore);
      ApiClient.Counts read = test.reader.api.counts().since(readerBefore);
      assertThat(written.failed() + read.failed())
          .as("requests without an answer (writer: %s; reader: %s)", written, read)
          .isZero();
      assertThat(failures).as("failed requests").isEmpty();
      assertThat(stale).as("reads missing a PUT acknowledged before they began").isEmpty();
      assertThat(requests.get()).isGreaterThan(100);
    }

    private String conversation(int worker) {
      return test.writer
          .api
          .post(
              "/v1/tenants/" + test.tenant + "/conversations",
              test.key,
              "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+25475500000"
                  + worker
                  + System.nanoTime() % 1000
                  + "\"}}")
          .text("id");
    }

    private void work(String conversation) {
      String path =
          "/v1/tenants/" + test.tenant + "/conversations/" + conversation + "/reference-context";
      List<long[]> acknowledged = new ArrayList<>(); // {at, version}
      for (int round = 1; running.get(); round++) {
        String body =
            "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Red PLANTED "
                + round
                + "\"},{\"id\":\"b\",\"title\":\"Blue\"}]}";
        Reply put =
            check(
                test.writer.api.sendRaw(
                    "PUT", path, test.key, body.getBytes(StandardCharsets.UTF_8)),
                201);
        if (put.status() == 201) {
          acknowledged.add(new long[] {System.nanoTime(), put.body().path("version").asLong()});
        }
        long readStarted = System.nanoTime();
        Reply read = check(test.reader.api.get(path, test.key), 200);
        long shown = read.body().path("version").asLong();
        long owed = newestAcknowledgedBefore(acknowledged, readStarted);
        if (read.status() == 200 && shown < owed) {
          stale.add("read version " + shown + ", " + owed + " acknowledged before the read began");
        }
        check(test.reader.api.post(path + "/resolve", test.key, "{\"text\":\"ya kwanza\"}"), 200);
        check(
            test.reader.api.get(
                "/v1/tenants/" + test.tenant + "/catalog/products?query=sneakers+PLANTED",
                test.key),
            200);
      }
    }

    private static long newestAcknowledgedBefore(List<long[]> acknowledged, long at) {
      long newest = 0;
      for (long[] ack : acknowledged) {
        if (ack[0] <= at) {
          newest = Math.max(newest, ack[1]);
        }
      }
      return newest;
    }

    private Reply check(Reply reply, int expected) {
      requests.incrementAndGet();
      if (reply.status() != expected) {
        failures.add(reply.status() + " " + reply.text("message"));
      }
      return reply;
    }
  }
}
