package io.parley.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.redis.InvalidationBus;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * The reference-context read path, tier by tier, on real embedded PostgreSQL 17 and Redis: an L1
 * hit, an L2 hit (Redis GET + JSON), and the PostgreSQL lookup an L2 miss falls to.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReferenceContextReadBenchmark {
  private BenchDatabase postgres;
  private EmbeddedRedisServer redis;
  private RedisClient client;
  private InvalidationBus bus;
  private ReferenceContextStore database;
  private ReferenceContextStore shared;
  private ReferenceContextStore near;
  private TenantId tenant;
  private ConversationId conversation;

  @Setup(Level.Trial)
  public void start() {
    postgres = BenchDatabase.start(1);
    Stores stores = postgres.stores();
    tenant = stores.newTenant();
    conversation = stores.newConversation(tenant, "+254700000001");

    redis = EmbeddedRedisServer.start(0);
    RedisConnections connections =
        RedisConnections.of(redis.url(), Duration.ofMillis(250), Duration.ofMillis(250));
    client = connections.pool(8);
    RedisGuard guard = new RedisGuard(client, Duration.ofSeconds(1), AdapterMetrics.none());
    bus = new InvalidationBus(connections, guard, AdapterMetrics.none());
    database = postgres.adapters().referenceContexts();
    shared =
        new ReferenceContextRedisCache(
            database, guard, bus, Clock.systemUTC(), Duration.ofHours(1), AdapterMetrics.none());
    near =
        new ReferenceContextNearCache(
            shared,
            new NearCacheSettings(
                Duration.ofHours(1),
                100_000,
                Ticker.systemTicker(),
                name -> StatsCounter.disabledStatsCounter()));
    near.save(
        tenant,
        ReferenceContextStoreContractTest.newContext(
            conversation,
            "Nike Air Max Red",
            "Adidas Superstar White",
            "Red Wing Boots",
            "Puma Suede Blue",
            "Box braids"));
  }

  @TearDown(Level.Trial)
  public void stop() {
    bus.close();
    client.close();
    redis.close();
    postgres.close();
  }

  @Benchmark
  public ContextLookup l1Hit() {
    return near.lookup(tenant, conversation);
  }

  @Benchmark
  public ContextLookup l2Hit() {
    return shared.lookup(tenant, conversation);
  }

  @Benchmark
  public ContextLookup postgresLookup() {
    return database.lookup(tenant, conversation);
  }
}
