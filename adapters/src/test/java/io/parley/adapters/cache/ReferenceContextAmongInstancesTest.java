package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.testing.CacheInstance;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances' near-caches over one real Redis and PostgreSQL: a save acknowledged on one is in
 * the other's very next read, served from its near-cache with no round trip otherwise.
 */
class ReferenceContextAmongInstancesTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(DATABASE.jdbi());
  private static final CacheInstance ONE = new CacheInstance(TestServers.redis().url(), DATABASE);
  private static final CacheInstance OTHER = new CacheInstance(TestServers.redis().url(), DATABASE);

  private final Stores stores = TestServers.stores(POSTGRES);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000009");

  @AfterAll
  static void close() {
    ONE.close();
    OTHER.close();
  }

  @Test
  void aSaveOnOneInstanceIsInTheOthersNextReadEveryRound() {
    ReferenceContextStore one = ONE.references();
    ReferenceContextStore other = OTHER.references();
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
    ReferenceContextStore one = ONE.references();
    ReferenceContextStore other = OTHER.references();
    other.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    assertThat(one.lookup(tenant, conversation).version()).isPositive();

    other.forget(tenant, List.of(conversation));

    assertThat(one.lookup(tenant, conversation))
        .isInstanceOf(ContextLookup.ConversationAbsent.class);
  }
}
