package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis tier on a real Redis of its own, reached through a proxy that one test cuts (as a
 * partition would); the test itself reads Redis directly.
 */
class ReferenceContextRedisCacheTest {
  private EmbeddedRedisServer server;
  private CuttableProxy proxy;
  private UnifiedJedis client;
  private UnifiedJedis redis;
  private RedisGuard guard;
  private RedisCoherence coherence;
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final InMemoryConversations conversations = new InMemoryConversations(tenants);
  private final InMemoryReferenceContexts database = new InMemoryReferenceContexts(conversations);
  private final Stores stores =
      new Stores(tenants, tenants, conversations, conversations, conversations);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+1");
  private ReferenceContextRedisCache cache;

  @BeforeEach
  void start() {
    server = EmbeddedRedisServer.start(0);
    proxy = new CuttableProxy(server.port());
    RedisConnections connections =
        RedisConnections.of(proxy.url(), Duration.ofMillis(250), Duration.ofMillis(200));
    client = connections.client(8);
    redis =
        RedisConnections.of(server.url(), Duration.ofMillis(250), Duration.ofMillis(200)).client(2);
    guard = new RedisGuard(client, Duration.ofMillis(200), AdapterMetrics.none());
    coherence =
        new RedisCoherence(
            guard,
            new InvalidationBus(connections, connections::seeds, AdapterMetrics.none()),
            new PostgresAdapters(TestServers.newDatabase().jdbi()).changeLog(),
            TestServers.LEASE_TERM,
            AdapterMetrics.none());
    cache =
        new ReferenceContextRedisCache(
            database,
            guard,
            coherence,
            Clock.systemUTC(),
            Duration.ofMinutes(10),
            AdapterMetrics.none());
    coherence.start();
    await().atMost(Duration.ofSeconds(10)).until(coherence::trusted);
    // A new Redis: until the members' hash is a lease term old, writes take the logged path (a
    // lease it does not list may still run), whose repair marks the entry stale.
    await().pollDelay(TestServers.LEASE_TERM).until(() -> true);
  }

  @AfterEach
  void stop() {
    coherence.close();
    client.close();
    redis.close();
    proxy.close();
    server.close();
  }

  private String key() {
    return RedisKeys.referenceContext(tenant, conversation);
  }

  @Test
  void aSaveIsReadBackFromRedisWithoutTheDatabase() {
    ReferenceContext saved =
        cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A", "B"));
    int before = database.lookups();

    ContextLookup read = cache.lookup(tenant, conversation);

    assertThat(read).isEqualTo(new ContextLookup.Newest(saved));
    assertThat(database.lookups()).isEqualTo(before);
    assertThat(redis.get(key())).startsWith("1|");
  }

  @Test
  void anEntryLivesAsLongAsItsContextAtMost() {
    cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));

    long ttl = redis.pttl(key());

    assertThat(ttl)
        .isBetween(Duration.ofSeconds(290).toMillis(), Duration.ofSeconds(300).toMillis());
  }

  @Test
  void anOlderVersionNeverOverwritesANewerOne() {
    ReferenceContext first =
        cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    ReferenceContext second =
        cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"));

    boolean answered = cache.write(key(), new ContextLookup.Newest(first));

    assertThat(answered).isTrue();
    assertThat(cache.lookup(tenant, conversation)).isEqualTo(new ContextLookup.Newest(second));
    assertThat(cache.write(key(), new ContextLookup.Newest(null))).isTrue();
    assertThat(cache.lookup(tenant, conversation).version()).isEqualTo(2);
  }

  @Test
  void
      cutOffFromRedisReadsAndWritesGoToTheDatabaseAndMissedKeysAreRepairedBeforeTheirTenantsReadsUseRedis() {
    cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    proxy.cut();

    ReferenceContext whileDown =
        cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"));
    for (int i = 0; i < 10; i++) {
      assertThat(cache.lookup(tenant, conversation)).isEqualTo(new ContextLookup.Newest(whileDown));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !coherence.trusted());

    // Redis lost only its network: it still holds the context before the save (set straight
    // into Redis before a restart, as this test did, it raced the repair that could come first)
    assertThat(redis.get(key())).startsWith("1|");
    proxy.restore();
    await().atMost(Duration.ofSeconds(10)).until(coherence::trusted);
    // the lease may return before the repair: until it took, the tenant's reads skip Redis
    await().atMost(Duration.ofSeconds(10)).until(() -> coherence.trusted(tenant.toString()));

    assertThat(redis.get(key())).as("the logged save was applied first").isEqualTo("2|stale");
    assertThat(cache.lookup(tenant, conversation)).isEqualTo(new ContextLookup.Newest(whileDown));
  }
}
