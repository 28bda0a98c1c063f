package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ApiKey;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiKeyNearCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final InMemoryTenants store = new InMemoryTenants();
  private final ApiKeyNearCache cache = new ApiKeyNearCache(store, settings(), Coherence.alone());
  private final TenantId tenant =
      new Stores(store, store, new InMemoryConversations(store), null, null).newTenant();

  private NearCacheSettings settings() {
    return new NearCacheSettings(
        Duration.ofSeconds(5),
        64L << 20,
        (Ticker) nanos::get,
        name -> StatsCounter.disabledStatsCounter());
  }

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

  @Test
  void aHotKeyIsReloadedAheadOfItsTtlSoNoRequestWaitsOnItsLoad() {
    ApiKey key = Stores.newKey(tenant, "k");
    cache.create(key, 50, "admin");
    cache.findActive(tenant, key.hash());

    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(cache.findActive(tenant, key.hash())).contains(key);
    org.awaitility.Awaitility.await() // reloaded and installed: its age starts again
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                store.lookups() == 2
                    && cache.ageOf(tenant, key.hash()).orElseThrow().equals(Duration.ZERO));

    nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // past the first load's TTL
    assertThat(cache.findActive(tenant, key.hash())).contains(key);
    assertThat(store.lookups()).as("served from the reload, not loaded by the reader").isEqualTo(2);
  }

  @Test
  void aReloadAheadThatARevocationOvertookIsDiscarded() throws Exception {
    ApiKey key = Stores.newKey(tenant, "k");
    store.create(key, 50, "admin");
    java.util.concurrent.CountDownLatch readDone = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicLong finds = new AtomicLong();
    ApiKeyStore lagging =
        (ApiKeyStore)
            java.lang.reflect.Proxy.newProxyInstance(
                ApiKeyStore.class.getClassLoader(),
                new Class<?>[] {ApiKeyStore.class},
                (proxy, method, args) -> {
                  Object answer = method.invoke(store, args);
                  if (method.getName().equals("findActive") && finds.incrementAndGet() == 2) {
                    readDone.countDown(); // the reload ahead read the key as active, then lags
                    release.await(5, java.util.concurrent.TimeUnit.SECONDS);
                  }
                  return answer;
                });
    ApiKeyNearCache over = new ApiKeyNearCache(lagging, settings(), Coherence.alone());
    assertThat(over.findActive(tenant, key.hash())).contains(key);
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    over.findActive(tenant, key.hash()); // starts the reload
    assertThat(readDone.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    store.revoke(tenant, key.id(), Stores.now(), "admin"); // another instance revokes
    over.invalidate(tenant, key.hash()); // and its invalidation arrives here
    release.countDown();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(over.findActive(tenant, key.hash())).isEmpty());
  }
}
