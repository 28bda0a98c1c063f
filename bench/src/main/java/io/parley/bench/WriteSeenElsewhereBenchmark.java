package io.parley.bench;

import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
 * A write on one client until another client, whose local cache held the old value, reads the new
 * one: the write plus the invalidation's trip, for Parley's tiers and for the alternatives, with
 * two clients in one process against one Redis. Parley is measured twice: as it runs (the write
 * goes to PostgreSQL first) and with an in-memory source of truth, which leaves only its cache
 * tiers and bus to compare with Redisson's and Jedis's, which store nothing durable.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriteSeenElsewhereBenchmark {
  private static final long SPIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private BenchDatabase postgres;
  private EmbeddedRedisServer redis;
  private TwoInstances durable;
  private TwoInstances cacheOnly;
  private RedissonClient redissonA;
  private RedissonClient redissonB;
  private RLocalCachedMap<String, String> mapA;
  private RLocalCachedMap<String, String> mapB;
  private RedisClient jedisA;
  private RedisClient jedisB;
  private long written;

  /** Two Parley instances over one source of truth, and the conversation they share. */
  record TwoInstances(ParleyTiers a, ParleyTiers b, TenantId tenant, ConversationId conversation) {
    static TwoInstances over(
        String redisUrl, Stores stores, ReferenceContextStore truth, ChangeLog changeLog) {
      TenantId tenant = stores.newTenant();
      ConversationId conversation = stores.newConversation(tenant, "+254700000002");
      return new TwoInstances(
          new ParleyTiers(redisUrl, truth, changeLog),
          new ParleyTiers(redisUrl, truth, changeLog),
          tenant,
          conversation);
    }

    long writeAndAwait() {
      long version =
          a.near
              .save(
                  tenant,
                  ReferenceContextStoreContractTest.newContext(
                      conversation, "Nike Air Max Red", "Adidas Superstar White"))
              .version();
      spinUntil(() -> b.near.lookup(tenant, conversation).version() >= version);
      return version;
    }

    void close() {
      a.close();
      b.close();
    }
  }

  @Setup(Level.Trial)
  public void start() {
    postgres = BenchDatabase.start(BenchDatabase.DEFAULT_PREPARE_THRESHOLD);
    redis = EmbeddedRedisServer.start(0);
    durable =
        TwoInstances.over(
            redis.url(),
            postgres.stores(),
            postgres.adapters().referenceContexts(),
            postgres.adapters().changeLog());
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    cacheOnly =
        TwoInstances.over(
            redis.url(),
            new Stores(tenants, tenants, conversations, conversations, conversations),
            new InMemoryReferenceContexts(conversations),
            postgres.adapters().changeLog());
    var address = durable.a().connections.seeds().get(0);
    redissonA = Alternatives.redisson(address);
    redissonB = Alternatives.redisson(address);
    mapA = Alternatives.localCachedMap(redissonA, "bench:shared", ParleyTiers.L1_ENTRIES);
    mapB = Alternatives.localCachedMap(redissonB, "bench:shared", ParleyTiers.L1_ENTRIES);
    jedisA = Alternatives.jedisClientSideCache(address);
    jedisB = Alternatives.jedisClientSideCache(address);
  }

  @TearDown(Level.Trial)
  public void stop() {
    redissonA.shutdown();
    redissonB.shutdown();
    jedisA.close();
    jedisB.close();
    durable.close();
    cacheOnly.close();
    redis.close();
    postgres.close();
  }

  @Benchmark
  public long parleyWithPostgres() {
    return durable.writeAndAwait();
  }

  @Benchmark
  public long parleyCacheTiersOnly() {
    return cacheOnly.writeAndAwait();
  }

  @Benchmark
  public String redissonLocalCachedMap() {
    String value = "v" + ++written;
    mapA.fastPut("ctx", value);
    spinUntil(() -> value.equals(mapB.get("ctx")));
    return value;
  }

  @Benchmark
  public String jedisClientSideCache() {
    String value = "v" + ++written;
    jedisA.set("bench:csc", value);
    spinUntil(() -> value.equals(jedisB.get("bench:csc")));
    return value;
  }

  private static void spinUntil(BooleanSupplier seen) {
    long deadline = System.nanoTime() + SPIN_LIMIT_NANOS;
    while (!seen.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the other client did not see the write within 5 s");
      }
    }
  }
}
