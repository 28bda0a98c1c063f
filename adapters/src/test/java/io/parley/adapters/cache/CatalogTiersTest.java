package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.adapters.catalog.CatalogRead;
import io.parley.adapters.catalog.CountedCatalog;
import io.parley.adapters.catalog.Versioned;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.demo.CatalogGenerator;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.CatalogRedisCache;
import io.parley.adapters.redis.RedisKeys;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Product;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The catalog's tiers over a real Redis and PostgreSQL, with the database reads counted. */
class CatalogTiersTest {
  private static final Duration L1_TTL = Duration.ofSeconds(5);
  private static final CatalogRead<CatalogPage<Product>> SEARCH =
      new CatalogRead.Listing<>(
          CatalogKind.PRODUCTS, new CatalogQuery("nike air", false, 10, null));
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(DATABASE.jdbi());
  private static final RedisSharedCache REDIS =
      TestServers.started(TestServers.redisSharedCache(DATABASE));

  private final AtomicLong nanos = new AtomicLong();
  private final CountedCatalog database = new CountedCatalog(POSTGRES.versionedCatalog());
  private final TenantId tenant = TestServers.stores(POSTGRES).newTenant();

  @AfterAll
  static void close() {
    REDIS.close();
  }

  private NearCacheSettings l1() {
    return new NearCacheSettings(
        L1_TTL, 64L << 20, nanos::get, name -> StatsCounter.disabledStatsCounter());
  }

  private CatalogNearCache instance() {
    return new CatalogNearCache(new CatalogRedisCache(database, REDIS), l1(), REDIS.coherence());
  }

  @Test
  void aCatalogWrittenBehindTheCachesIsReadFromTheDatabaseOnceAcrossL1ExpiryAndInstances() {
    // Written as demo-data or another service would write it: not through any cache.
    POSTGRES
        .catalog()
        .upsert(tenant, CatalogKind.PRODUCTS, CatalogGenerator.products(7, 200), Instant.now());
    CatalogNearCache one = instance();
    CatalogNearCache other = instance();

    Versioned<CatalogPage<Product>> first = one.read(tenant, SEARCH, 0);
    nanos.addAndGet(L1_TTL.plusSeconds(1).toNanos());
    Versioned<CatalogPage<Product>> afterExpiry = one.read(tenant, SEARCH, 0);
    Versioned<CatalogPage<Product>> onAnotherInstance = other.read(tenant, SEARCH, 0);

    assertThat(database.reads())
        .as("one read; then Redis knows the version and the result")
        .isOne();
    assertThat(afterExpiry.value().items()).isEqualTo(first.value().items()).isNotEmpty();
    assertThat(onAnotherInstance.version()).isEqualTo(first.version());
  }

  @Test
  void pastTheL1TtlAnUnchangedVersionServesTheResultHeldHereAndAMovedOneIsSeen() {
    POSTGRES
        .catalog()
        .upsert(tenant, CatalogKind.PRODUCTS, CatalogGenerator.products(5, 20), Instant.now());
    CatalogNearCache one = instance();
    Versioned<CatalogPage<Product>> first = one.read(tenant, SEARCH, 0);
    nanos.addAndGet(L1_TTL.plusSeconds(1).toNanos());
    Versioned<CatalogPage<Product>> afterExpiry = one.read(tenant, SEARCH, 0);

    instance()
        .upsert(
            tenant,
            CatalogKind.PRODUCTS,
            java.util.List.of(CatalogGenerator.products(13, 1).get(0)),
            Instant.now());
    nanos.addAndGet(L1_TTL.plusSeconds(1).toNanos());
    Versioned<CatalogPage<Product>> afterWriteElsewhere = one.read(tenant, SEARCH, 0);

    assertThat(afterExpiry.value())
        .as("the result held here: only the version was asked of Redis, nothing decoded again")
        .isSameAs(first.value());
    assertThat(afterWriteElsewhere.version()).isGreaterThan(first.version());
    assertThat(afterWriteElsewhere.value()).isNotSameAs(first.value());
  }

  /** The shared tier's version as {@code current} says, each question counted in {@code asked}. */
  private CatalogNearCache overVersion(AtomicLong current, AtomicLong asked) {
    VersionedCatalog versions =
        (VersionedCatalog)
            java.lang.reflect.Proxy.newProxyInstance(
                VersionedCatalog.class.getClassLoader(),
                new Class<?>[] {VersionedCatalog.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "currentVersion" -> {
                        asked.incrementAndGet();
                        yield current.get();
                      }
                      case "read" -> new Versioned<>(Math.max(current.get(), (long) args[2]), null);
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return new CatalogNearCache(versions, l1(), Coherence.alone());
  }

  @Test
  void aReadPastThreeQuartersOfTheL1TtlRelearnsTheVersionAheadWhileServingTheHeldOne() {
    AtomicLong current = new AtomicLong(1);
    AtomicLong asked = new AtomicLong();
    CatalogNearCache one = overVersion(current, asked);
    assertThat(one.read(tenant, SEARCH, 0).version()).isEqualTo(1);
    current.set(2); // moved by a write whose news did not reach this instance

    nanos.addAndGet(Duration.ofSeconds(4).toNanos()); // within the TTL, past three quarters
    assertThat(one.read(tenant, SEARCH, 0).version())
        .as("the version held, or the one just relearned if that was quicker")
        .isIn(1L, 2L);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(one.read(tenant, SEARCH, 0).version()).isEqualTo(2));

    nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // past the first read's TTL
    assertThat(one.read(tenant, SEARCH, 0).version()).isEqualTo(2);
    assertThat(asked.get()).as("asked once ahead, never by a waiting reader").isEqualTo(2);
  }

  @Test
  void aWriteOnOneInstanceRetiresTheOthersResultsOnceItLearnsTheVersion() {
    CatalogNearCache one = instance();
    CatalogNearCache other = instance();
    one.upsert(tenant, CatalogKind.PRODUCTS, CatalogGenerator.products(3, 5), Instant.now());
    Versioned<CatalogPage<Product>> before = other.read(tenant, SEARCH, 0);

    one.upsert(
        tenant,
        CatalogKind.PRODUCTS,
        java.util.List.of(CatalogGenerator.products(11, 1).get(0)),
        Instant.now());
    Versioned<CatalogPage<Product>> stillCached = other.read(tenant, SEARCH, 0);
    long written = one.read(tenant, SEARCH, 0).version();
    other.learn(tenant, written);
    Versioned<CatalogPage<Product>> after = other.read(tenant, SEARCH, 0);

    assertThat(stillCached.version()).as("within the L1 bound").isEqualTo(before.version());
    assertThat(after.version()).isEqualTo(written).isGreaterThan(before.version());
  }

  @Test
  void resultsLiveInRedisUnderTheVersionAndAHashNeverTheSearchText() {
    CatalogNearCache one = instance();
    one.read(tenant, SEARCH, 0);

    var keys = REDIS.client().keys(RedisKeys.catalogResultPrefix(tenant) + "*");

    assertThat(keys).isNotEmpty().noneMatch(key -> key.contains("nike"));
    assertThat(keys).allMatch(key -> key.matches(".*:catalog:\\d+:products:[0-9a-f]{64}"));
  }
}
