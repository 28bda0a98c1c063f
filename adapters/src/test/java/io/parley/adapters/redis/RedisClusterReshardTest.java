package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.testing.RedisCluster;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Moving a tenant's slot to another master is followed without errors or a restart: reads and
 * writes while the slot is migrating (its keys already moved, so the old owner answers ASK), and
 * after (MOVED).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterReshardTest {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AdapterMetrics metrics =
      new AdapterMetrics() {
        @Override
        public void increment(String name) {
          counts.computeIfAbsent(name, n -> new LongAdder()).increment();
        }

        @Override
        public void time(String name, long nanos) {
          increment(name);
        }

        @Override
        public void gauge(String name, Supplier<Number> value) {}
      };
  private RedisCluster cluster;
  private RedisSharedCache redis;

  @BeforeAll
  void start() {
    cluster = RedisCluster.start(3, 0);
    redis =
        new RedisSharedCache(
            RedisConnections.cluster(
                cluster.nodes(), "", Duration.ofMillis(250), Duration.ofMillis(250)),
            8,
            Duration.ofSeconds(1),
            Duration.ofMinutes(10),
            new RedisSharedCache.Settings(TestServers.LEASE_TERM, 512 << 10),
            new io.parley.adapters.postgres.PostgresAdapters(TestServers.newDatabase().jdbi())
                .changeLog(),
            Clock.systemUTC(),
            metrics,
            "test-catalog-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TestServers.started(redis);
  }

  @AfterAll
  void stop() {
    redis.close();
    cluster.close();
  }

  private long count(String name) {
    LongAdder adder = counts.get(name);
    return adder == null ? 0 : adder.sum();
  }

  @Test
  void readsAndWritesFollowATenantsSlotToItsNewMaster() {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    Stores stores = new Stores(tenants, tenants, conversations, conversations, conversations);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254700000001");
    ReferenceContextStore shared =
        new ReferenceContextRedisCache(new InMemoryReferenceContexts(conversations), redis);
    shared.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "Red", "Blue"));
    String key = RedisKeys.referenceContext(tenant, conversation);
    int before = cluster.masterOf(key);

    int after = cluster.anotherMaster(before);

    RedisCluster.SlotMove move = cluster.beginMoveOf(key, after);
    // The old owner still owns the slot but no longer holds the key: it answers with ASK.
    assertThat(cluster.masterOf(key)).isEqualTo(before);
    assertThat(move.keysLeftOnTheOldOwner()).isZero();
    ContextLookup duringTheMove = shared.lookup(tenant, conversation);
    shared.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "Green"));
    ContextLookup rewrittenDuringTheMove = shared.lookup(tenant, conversation);
    assertThat(move.keysLeftOnTheOldOwner()).as("the write went to the new owner").isZero();
    assertThat(move.keysOnTheNewOwner()).isPositive();
    move.finish();
    shared.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "Yellow"));
    ContextLookup afterTheMove = shared.lookup(tenant, conversation);

    assertThat(cluster.masterOf(key)).isEqualTo(after);
    assertThat(duringTheMove.version()).isEqualTo(1);
    assertThat(rewrittenDuringTheMove.version()).isEqualTo(2);
    assertThat(afterTheMove.version()).isEqualTo(3);
    assertThat(count("cache.referenceContexts.l2.hits"))
        .as("every read from Redis: %s", counts)
        .isEqualTo(3);
    assertThat(count("cache.referenceContexts.db.loads")).isZero();
    assertThat(count("redis.errors")).isZero();
  }
}
