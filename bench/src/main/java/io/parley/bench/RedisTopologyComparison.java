package io.parley.bench;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Redis standalone against Redis Cluster in one run, through Parley's own shared tier: the L2 read
 * of a reference context (a Redis round trip and the JSON decode, no L1), and how long a change
 * takes to be acknowledged while another instance holds a lease (publish, its acknowledgement).
 *
 * <p>Arguments: the standalone URL, the cluster's seed nodes, the output file.
 */
public final class RedisTopologyComparison {
  private static final int READS = 20_000;
  private static final int INVALIDATIONS = 2_000;

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(
        "| topology | L2 read p50 µs | L2 read p99 µs | change acknowledged p50 µs | p99 µs |");
    lines.add("| --- | ---: | ---: | ---: | ---: |");
    RedisConnections standalone = RedisConnections.of(args[0], timeout(), timeout());
    RedisConnections cluster = RedisConnections.cluster(args[1], "", timeout(), timeout());
    // A first round of both warms the JIT for both; the second is reported.
    row("standalone", standalone);
    row("cluster", cluster);
    lines.add(row("standalone", standalone));
    lines.add(row("cluster", cluster));
    lines.forEach(System.out::println);
    Files.write(Path.of(args[2]), lines);
  }

  private static Duration timeout() {
    return Duration.ofMillis(250);
  }

  private static String row(String name, RedisConnections connections) throws Exception {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    Stores stores = new Stores(tenants, tenants, conversations, conversations, conversations);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254700000001");
    InMemoryReferenceContexts truth = new InMemoryReferenceContexts(conversations);
    try (RedisSharedCache a = shared(connections);
        RedisSharedCache b = shared(connections)) {
      ReferenceContextStore l2 = new ReferenceContextRedisCache(truth, a);
      leased(a, b);
      l2.save(
          tenant,
          ReferenceContextStoreContractTest.newContext(
              conversation, "Nike Air Max Red", "Adidas Superstar White", "Red Wing Boots"));
      long[] reads = new long[READS];
      for (int i = -2_000; i < READS; i++) {
        long start = System.nanoTime();
        l2.lookup(tenant, conversation);
        if (i >= 0) {
          reads[i] = System.nanoTime() - start;
        }
      }
      long[] lags = invalidationLags(a, b);
      return String.format(
          Locale.ROOT,
          "| %s | %.1f | %.1f | %.1f | %.1f |",
          name,
          percentile(reads, 50) / 1e3,
          percentile(reads, 99) / 1e3,
          percentile(lags, 50) / 1e3,
          percentile(lags, 99) / 1e3);
    }
  }

  /**
   * One instance reports a change, one at a time, while the other holds a lease: the time until the
   * change is acknowledged (published, applied by the other, its acknowledgement heard back).
   */
  private static long[] invalidationLags(RedisSharedCache from, RedisSharedCache to) {
    long[] lags = new long[INVALIDATIONS];
    for (int i = 0; i < INVALIDATIONS; i++) {
      long sent = System.nanoTime();
      from.coherence()
          .changed(new Invalidation(Invalidation.REFERENCE_CONTEXT, TENANT, TENANT, i), true);
      lags[i] = System.nanoTime() - sent;
    }
    return lags;
  }

  /** Starts both instances' coherence and waits until each holds a lease. */
  private static void leased(RedisSharedCache a, RedisSharedCache b) {
    a.start();
    b.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(a.coherence().trusted() && b.coherence().trusted()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private static final String TENANT = "00000000-0000-0000-0000-000000000000";

  private static RedisSharedCache shared(RedisConnections connections) {
    return new RedisSharedCache(
        connections,
        8,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        RedisSharedCache.Settings.defaults(),
        NO_LOG,
        Clock.systemUTC(),
        AdapterMetrics.none(),
        // The catalog's key secret: any value shared by the instances compared.
        "bench-catalog-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** This comparison measures Redis alone: no write here misses it, so nothing is ever logged. */
  private static final ChangeLog NO_LOG =
      new ChangeLog() {
        @Override
        public void record(List<Invalidation> changes) {
          throw new IllegalStateException("Redis missed a change during the comparison");
        }

        @Override
        public List<Logged> recent(Duration window) {
          return List.of();
        }

        @Override
        public void markApplied(List<Long> ids) {}

        @Override
        public int prune(Duration age) {
          return 0;
        }
      };

  private static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
