package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.testing.RedisCluster;
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

/** Moving a tenant's slot to another master (MOVED/ASK) is followed without errors or a restart. */
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
            Clock.systemUTC(),
            metrics,
            "test-catalog-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        redis.referenceContexts(new InMemoryReferenceContexts(conversations));
    shared.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "Red", "Blue"));
    String key = RedisKeys.referenceContext(tenant, conversation);
    int before = cluster.masterOf(key);

    cluster.moveSlotOf(key, cluster.anotherMaster(before));
    ContextLookup moved = shared.lookup(tenant, conversation);
    shared.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "Green"));
    ContextLookup rewritten = shared.lookup(tenant, conversation);

    assertThat(cluster.masterOf(key)).isNotEqualTo(before);
    assertThat(moved.version()).isEqualTo(1);
    assertThat(rewritten.version()).isEqualTo(2);
    assertThat(count("cache.referenceContexts.l2.hits")).as("both reads from Redis").isEqualTo(2);
    assertThat(count("cache.referenceContexts.db.loads")).isZero();
    assertThat(count("redis.errors")).isZero();
  }
}
