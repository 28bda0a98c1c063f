package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.demo.CatalogGenerator;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryCatalog;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The versioned catalog cache over a real Redis, with the database reads counted. */
class CatalogCacheTest {
  private static final Duration L1_TTL = Duration.ofSeconds(5);
  private static final CatalogQuery SEARCH = new CatalogQuery("nike air", false, 10, null);

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger databaseReads = new AtomicInteger();
  private final RedisClient client =
      RedisConnections.of(TestServers.redis().url(), Duration.ofMillis(250), Duration.ofMillis(250))
          .pool(4);
  private final RedisGuard redis =
      new RedisGuard(client, Duration.ofSeconds(1), AdapterMetrics.none());

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aCatalogWrittenBehindTheCacheIsReadFromTheDatabaseOnceAcrossL1ExpiryAndInstances() {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    TenantId tenant =
        new Stores(tenants, tenants, conversations, conversations, conversations).newTenant();
    InMemoryCatalog inner = new InMemoryCatalog(tenants);
    // Written as demo-data or another service would write it: not through any cache.
    inner.upsertProducts(tenant, CatalogGenerator.products(7, 200), Instant.now());
    CatalogStore database = counted(inner);
    CatalogCache one = cache(database);
    CatalogCache other = cache(database);

    var first = one.products(tenant, SEARCH);
    nanos.addAndGet(L1_TTL.plusSeconds(1).toNanos());
    var afterExpiry = one.products(tenant, SEARCH);
    var onAnotherInstance = other.products(tenant, SEARCH);

    assertThat(databaseReads)
        .as("one read; then Redis knows the version and the result")
        .hasValue(1);
    assertThat(afterExpiry.value().items()).isEqualTo(first.value().items()).isNotEmpty();
    assertThat(onAnotherInstance.version()).isEqualTo(first.version());
  }

  private CatalogCache cache(CatalogStore database) {
    return new CatalogCache(
        database,
        new NearCacheSettings(
            L1_TTL, 1_000, nanos::get, name -> StatsCounter.disabledStatsCounter()),
        redis,
        null,
        Duration.ofMinutes(10),
        AdapterMetrics.none());
  }

  private CatalogStore counted(CatalogStore inner) {
    return (CatalogStore)
        Proxy.newProxyInstance(
            CatalogStore.class.getClassLoader(),
            new Class<?>[] {CatalogStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("products")) {
                databaseReads.incrementAndGet();
              }
              try {
                return method.invoke(inner, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
