package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ApiKey;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiKeyNearCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final InMemoryTenants store = new InMemoryTenants();
  private final ApiKeyNearCache cache =
      new ApiKeyNearCache(
          store,
          new NearCacheSettings(
              Duration.ofSeconds(5),
              64L << 20,
              (Ticker) nanos::get,
              name -> StatsCounter.disabledStatsCounter()),
          Coherence.alone());
  private final TenantId tenant =
      new Stores(store, store, new InMemoryConversations(store), null, null).newTenant();

  @Test
  void aWarmLookupDoesNotReachTheStore() {
    ApiKey key = Stores.newKey(tenant, "k");
    cache.create(key, 50, "admin");

    cache.findActive(tenant, key.hash());
    cache.findActive(tenant, key.hash());

    assertThat(store.lookups()).isEqualTo(1);
  }

  @Test
  void unknownKeysAreCachedTooButANewKeyWorksAtOnce() {
    ApiKey key = Stores.newKey(tenant, "k");
    assertThat(cache.findActive(tenant, key.hash())).isEmpty();
    assertThat(cache.findActive(tenant, key.hash())).isEmpty();
    assertThat(store.lookups()).isEqualTo(1);

    cache.create(key, 50, "admin");

    assertThat(cache.findActive(tenant, key.hash())).contains(key);
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    ApiKey key = Stores.newKey(tenant, "k");
    cache.create(key, 50, "admin");
    assertThat(cache.findActive(tenant, key.hash())).isPresent();

    cache.revoke(tenant, key.id(), Stores.now(), "admin");

    assertThat(cache.findActive(tenant, key.hash())).isEmpty();
  }

  @Test
  void entriesExpireAfterTheTtlSoOtherInstancesRevocationsArriveInTime() {
    ApiKey key = Stores.newKey(tenant, "k");
    cache.create(key, 50, "admin");
    cache.findActive(tenant, key.hash());
    store.revoke(
        tenant, key.id(), Stores.now(), "admin"); // as another instance would, behind this cache

    assertThat(cache.findActive(tenant, key.hash())).isPresent();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
    assertThat(cache.findActive(tenant, key.hash())).isEmpty();
  }
}
