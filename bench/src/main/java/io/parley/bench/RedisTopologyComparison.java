package io.parley.bench;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Redis standalone against Redis Cluster in one run, through Parley's own shared tier: the L2 read
 * of a reference context (a Redis round trip and the JSON decode, no L1), and the invalidation lag
 * from one instance's publish to another instance's listener.
 *
 * <p>Arguments: the standalone URL, the cluster's seed nodes, the output file.
 */
public final class RedisTopologyComparison {
  private static final int READS = 20_000;
  private static final int INVALIDATIONS = 2_000;

  public static void main(String[] args) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("| topology | L2 read p50 µs | L2 read p99 µs | invalidation lag p50 µs | p99 µs |");
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
      ReferenceContextStore l2 = a.referenceContexts(truth);
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

  /** One instance publishes, one at a time; the other's listener stamps the arrival. */
  private static long[] invalidationLags(RedisSharedCache from, RedisSharedCache to)
      throws InterruptedException {
    BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(1);
    to.bus().onInvalidation(invalidation -> arrivals.offer(System.nanoTime()));
    to.bus().start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!to.bus().isSubscribed() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long[] lags = new long[INVALIDATIONS];
    for (int i = 0; i < INVALIDATIONS; i++) {
      long sent = System.nanoTime();
      from.bus().publish(Invalidation.REFERENCE_CONTEXT, "t", "c", i);
      Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
      lags[i] = arrived == null ? Duration.ofSeconds(5).toNanos() : arrived - sent;
    }
    return lags;
  }

  private static RedisSharedCache shared(RedisConnections connections) {
    return new RedisSharedCache(
        connections,
        8,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        Clock.systemUTC(),
        AdapterMetrics.none(),
        // The catalog's key secret: any value shared by the instances compared.
        "bench-catalog-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
