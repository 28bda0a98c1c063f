package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances' near-caches over one real Redis and PostgreSQL, with no invalidation delivered
 * (the bus is not listened to here): a save acknowledged on one is in the other's very next read,
 * because the near-cache asks Redis for the newest version before serving what it holds.
 */
class ReferenceContextAmongInstancesTest {
  private static final PostgresAdapters POSTGRES =
      new PostgresAdapters(TestServers.newDatabase().jdbi());
  private static final RedisSharedCache REDIS = TestServers.redisSharedCache();
  private static final NearCacheSettings L1 = NearCacheSettings.of(Duration.ofMinutes(5), 1_000);

  private final Stores stores = TestServers.stores(POSTGRES);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000009");

  @AfterAll
  static void close() {
    REDIS.close();
  }

  private static ReferenceContextStore instance() {
    ReferenceContextStore shared = REDIS.referenceContexts(POSTGRES.referenceContexts());
    return new ReferenceContextNearCache(shared, L1, (ReferenceContextVersions) shared);
  }

  @Test
  void aSaveOnOneInstanceIsInTheOthersNextReadEveryRound() {
    ReferenceContextStore one = instance();
    ReferenceContextStore other = instance();
    int stale = 0;
    for (int round = 0; round < 200; round++) {
      one.lookup(tenant, conversation); // held in one's near-cache, as on a busy instance
      ReferenceContext saved =
          other.save(
              tenant, ReferenceContextStoreContractTest.newContext(conversation, "r" + round));
      if (one.lookup(tenant, conversation).version() != saved.version()) {
        stale++;
      }
    }
    assertThat(stale).as("reads older than an acknowledged save, of 200").isZero();
  }

  @Test
  void anErasureOnOneInstanceIsInTheOthersNextRead() {
    ReferenceContextStore one = instance();
    ReferenceContextStore other = instance();
    other.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    assertThat(one.lookup(tenant, conversation).version()).isPositive();

    other.forget(tenant, conversation);

    assertThat(one.lookup(tenant, conversation))
        .isInstanceOf(ContextLookup.ConversationAbsent.class);
  }

  @Test
  void withoutTheVersionCheckTheNearCacheWouldServeTheOlderContext() {
    ReferenceContextStore unchecked =
        new ReferenceContextNearCache(REDIS.referenceContexts(POSTGRES.referenceContexts()), L1);
    ReferenceContextStore other = instance();
    unchecked.lookup(tenant, conversation);
    ReferenceContext saved =
        other.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));

    assertThat(unchecked.lookup(tenant, conversation).version())
        .as("what the check prevents: the near-cache alone trusts its entry until told")
        .isNotEqualTo(saved.version());
  }
}
