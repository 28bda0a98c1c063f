package io.parley.adapters.cache;

import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.CatalogRedisCache;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.adapters.redis.SharedCache;
import io.parley.adapters.redis.WindowRedisCache;
import io.parley.adapters.redis.WindowedConversations;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.CatalogStoreContractTest;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/**
 * The catalog and reference-context contracts hold over every stack of tiers (the store alone is
 * {@code JdbiContractTest}): a decorator may cache, never change what a read answers.
 */
class DecoratedStackContractTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters ADAPTERS = new PostgresAdapters(DATABASE.jdbi());
  private static final NearCacheSettings L1 =
      NearCacheSettings.of(Duration.ofSeconds(5), 64L << 20);
  private static final RedisSharedCache REDIS =
      TestServers.started(TestServers.redisSharedCache(DATABASE));

  @AfterAll
  static void close() {
    REDIS.close();
  }

  static Stores stores() {
    return TestServers.stores(ADAPTERS);
  }

  private static CatalogStore nearCacheOver(VersionedCatalog catalog) {
    return new CatalogNearCache(catalog, L1, REDIS.coherence());
  }

  @Nested
  class CatalogNearCacheOverStore extends CatalogStoreContractTest {
    @Override
    protected Stores stores() {
      return DecoratedStackContractTest.stores();
    }

    @Override
    protected CatalogStore catalog(Stores stores) {
      return nearCacheOver(ADAPTERS.versionedCatalog());
    }
  }

  @Nested
  class CatalogNearCacheOverRedisOverStore extends CatalogStoreContractTest {
    @Override
    protected Stores stores() {
      return DecoratedStackContractTest.stores();
    }

    @Override
    protected CatalogStore catalog(Stores stores) {
      return nearCacheOver(new CatalogRedisCache(ADAPTERS.versionedCatalog(), REDIS));
    }
  }

  @Nested
  class ReferenceContextNearCacheOverStore extends ReferenceContextStoreContractTest {
    @Override
    protected Stores stores() {
      return DecoratedStackContractTest.stores();
    }

    @Override
    protected ReferenceContextStore contexts(Stores stores) {
      return new ReferenceContextNearCache(ADAPTERS.referenceContexts(), L1, Coherence.alone());
    }
  }

  @Nested
  class ReferenceContextNearCacheOverRedisOverStore extends ReferenceContextStoreContractTest {
    @Override
    protected Stores stores() {
      return DecoratedStackContractTest.stores();
    }

    @Override
    protected ReferenceContextStore contexts(Stores stores) {
      ReferenceContextStore shared =
          new ReferenceContextRedisCache(ADAPTERS.referenceContexts(), REDIS);
      return new ReferenceContextNearCache(shared, L1, REDIS.coherence());
    }
  }

  /** The history, message and conversation ports through the windows' Redis tier alone. */
  @Nested
  class WindowRedisCacheOverStore extends io.parley.domain.contract.MessageStoreContractTest {
    @Override
    protected Stores stores() {
      Stores base = DecoratedStackContractTest.stores();
      WindowRedisCache windows =
          new WindowRedisCache(WindowTier.uncached(base.history(), base.messages()), REDIS);
      return new Stores(
          base.tenants(),
          base.keys(),
          new WindowedConversations(base.conversations(), windows),
          windows,
          windows);
    }
  }

  /** The same through the windows' near-cache over their Redis tier, as the service runs them. */
  @Nested
  class WindowNearCacheOverRedisOverStore
      extends io.parley.domain.contract.MessageStoreContractTest {
    @Override
    protected Stores stores() {
      return windowsThrough(REDIS);
    }
  }

  /** The same with no shared tier ({@code REDIS_URL=none}): the near-cache over the store. */
  @Nested
  class WindowNearCacheOverStore extends io.parley.domain.contract.MessageStoreContractTest {
    @Override
    protected Stores stores() {
      return windowsThrough(SharedCache.none());
    }
  }

  /** The conversation windows stacked over the store as the service stacks them. */
  private static Stores windowsThrough(SharedCache shared) {
    Stores base = DecoratedStackContractTest.stores();
    WindowNearCache windows =
        shared.cached(
            WindowTier.uncached(base.history(), base.messages()),
            WindowRedisCache::new,
            WindowNearCache::new,
            L1);
    return new Stores(
        base.tenants(),
        base.keys(),
        new WindowedConversations(base.conversations(), windows),
        windows,
        windows);
  }
}
