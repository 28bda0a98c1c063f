package io.parley.bench;

import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.redis.RedisKeys;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
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
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.RedisClient;

/**
 * The reference-context read path, tier by tier, on real embedded PostgreSQL 17 and Redis: an L1
 * hit, an L2 hit (Redis GET + JSON), and the PostgreSQL lookup an L2 miss falls to; and in the same
 * run the same read done the ways a team would otherwise pick: Redisson's {@code RLocalCachedMap}
 * hit, Jedis 8's client-side-cache hit, and a plain Redis GET. The alternatives hold the context's
 * stored form (version and JSON, as Parley's L2 does) and return that string, which a caller would
 * still have to parse; Parley's L1 returns the parsed context. Every local cache has Parley's L1
 * bounds: 100,000 entries, 5 s after write.
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
  private ParleyTiers parley;
  private ReferenceContextStore database;
  private TenantId tenant;
  private ConversationId conversation;
  private RedissonClient redisson;
  private RLocalCachedMap<String, String> redissonMap;
  private RedisClient jedisCached;
  private String storedKey;

  @Setup(Level.Trial)
  public void start() {
    postgres = BenchDatabase.start(1);
    Stores stores = postgres.stores();
    tenant = stores.newTenant();
    conversation = stores.newConversation(tenant, "+254700000001");
    redis = EmbeddedRedisServer.start(0);
    database = postgres.adapters().referenceContexts();
    parley = new ParleyTiers(redis.url(), database, postgres.adapters().changeLog());
    parley.near.save(
        tenant,
        ReferenceContextStoreContractTest.newContext(
            conversation,
            "Nike Air Max Red",
            "Adidas Superstar White",
            "Red Wing Boots",
            "Puma Suede Blue",
            "Box braids"));

    String stored = parley.client.get(RedisKeys.referenceContext(tenant, conversation));
    if (stored == null) {
      throw new IllegalStateException("the L2 entry was not written");
    }
    storedKey = "bench:ctx:" + conversation.value();
    parley.client.set(storedKey, stored);
    redisson = Alternatives.redisson(parley.connections.seeds().get(0));
    redissonMap = Alternatives.localCachedMap(redisson, "bench:ctxmap", ParleyTiers.L1_ENTRIES);
    redissonMap.put(storedKey, stored);
    jedisCached = Alternatives.jedisClientSideCache(parley.connections.seeds().get(0));
  }

  @TearDown(Level.Trial)
  public void stop() {
    redisson.shutdown();
    jedisCached.close();
    parley.close();
    redis.close();
    postgres.close();
  }

  @Benchmark
  public ContextLookup l1Hit() {
    return parley.near.lookup(tenant, conversation);
  }

  @Benchmark
  public ContextLookup l2Hit() {
    return parley.shared.lookup(tenant, conversation);
  }

  @Benchmark
  public ContextLookup postgresLookup() {
    return database.lookup(tenant, conversation);
  }

  @Benchmark
  public String redissonLocalCacheHit() {
    return redissonMap.get(storedKey);
  }

  @Benchmark
  public String jedisClientSideCacheHit() {
    return jedisCached.get(storedKey);
  }

  @Benchmark
  public String plainRedisGet() {
    return parley.client.get(storedKey);
  }
}
