package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.cache.ReferenceContextVersions;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The agent context's reference-context check rides on its window read (one MGET of the window's
 * generation and the context's version, same hash slot), and still sees a save acknowledged on
 * another instance before the read: two instances over one real Redis and PostgreSQL, no
 * invalidation bus listened to.
 */
class WindowCarriesReferenceVersionTest {
  private static final RedisSharedCache ONE = TestServers.redisSharedCache();
  private static final RedisSharedCache OTHER = TestServers.redisSharedCache();
  private static final NearCacheSettings L1 = NearCacheSettings.of(Duration.ofMinutes(5), 1_000);

  @AfterAll
  static void close() {
    ONE.close();
    OTHER.close();
  }

  @Test
  void theWindowReadTellsTheNewestVersionAndTheReferenceCheckNeedsNoRoundTripOfItsOwn() {
    PostgresAdapters postgres = new PostgresAdapters(TestServers.newDatabase().jdbi());
    Stores stores = TestServers.stores(postgres);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254788000002");
    ConversationWindows windows =
        (ConversationWindows)
            ONE.windows(postgres.history(), postgres.messages(), postgres.conversations(), t -> {})
                .history();
    windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "habari"));
    ReferenceContextStore shared = ONE.referenceContexts(postgres.referenceContexts());
    AtomicInteger asked = new AtomicInteger();
    ReferenceContextVersions counted =
        (t, c) -> {
          asked.incrementAndGet();
          return ((ReferenceContextVersions) shared).newest(t, c);
        };
    ReferenceContextNearCache one = new ReferenceContextNearCache(shared, L1, counted);
    ReferenceContextStore other = OTHER.referenceContexts(postgres.referenceContexts());
    windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10); // built, held from now

    int stale = 0;
    int ownChecks = 0;
    long lastSaved = 0;
    for (int round = 0; round < 100; round++) {
      one.lookup(tenant, conversation); // held here, as on a busy instance
      ReferenceContext saved =
          other.save(
              tenant, ReferenceContextStoreContractTest.newContext(conversation, "r" + round));
      lastSaved = saved.version();
      ConversationWindow window =
          windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10).orElseThrow();
      int before = asked.get();
      if (one.lookup(tenant, conversation, window.newestReferenceVersion()).version()
          != saved.version()) {
        stale++;
      }
      ownChecks += asked.get() - before;
    }
    ConversationWindow quiet =
        windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10).orElseThrow();
    int before = asked.get();
    long served = one.lookup(tenant, conversation, quiet.newestReferenceVersion()).version();

    assertThat(stale).as("lookups older than a save acknowledged before the read, of 100").isZero();
    assertThat(ownChecks).as("version checks of the reference context's own").isZero();
    assertThat(quiet.newestReferenceVersion()).isEqualTo(lastSaved);
    assertThat(served).isEqualTo(lastSaved);
    assertThat(asked.get()).as("a held, current context: served with no check").isEqualTo(before);
  }
}
