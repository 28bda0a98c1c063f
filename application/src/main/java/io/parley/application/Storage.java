package io.parley.application;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.LogSafe;
import io.parley.adapters.cache.ApiKeyNearCache;
import io.parley.adapters.cache.CatalogNearCache;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.cache.WindowNearCache;
import io.parley.adapters.cache.WindowTier;
import io.parley.adapters.limit.LocalRequestLimiter;
import io.parley.adapters.postgres.ApiKeyUsageBuffer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.ApiKeyRevocationBroadcast;
import io.parley.adapters.redis.CatalogRedisCache;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.adapters.redis.SharedCache;
import io.parley.adapters.redis.TenantCachePurge;
import io.parley.adapters.redis.WindowRedisCache;
import io.parley.adapters.redis.WindowedConversations;
import io.parley.application.config.DatabaseFactory;
import io.parley.application.config.RedisFactory;
import io.parley.application.infra.Durations;
import io.parley.application.infra.Tracing;
import io.parley.domain.model.KeyHash;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.RequestLimiter;
import io.parley.domain.port.out.TenantCaches;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * Every store as the services see it: PostgreSQL (reads on replicas once they have replayed the
 * scope's writes), the shared tier (Redis) over it, and the near-caches over both. Built once,
 * complete: nothing is changed after it is built.
 */
record Storage(
    PostgresAdapters postgres,
    SharedCache shared,
    Caches caches,
    RequestLimiter limiter,
    ApiKeyUsageBuffer keyUsage) {

  /**
   * The cached ports: each the store, under its shared-tier (Redis) decorator, under its near-cache
   * ({@link SharedCache#cached}); conversation writes move the conversation's window.
   */
  record Caches(
      ApiKeyStore apiKeys,
      ReferenceContextStore referenceContexts,
      CatalogStore catalog,
      ConversationHistory history,
      MessageStore messages,
      ConversationStore conversations) {

    static Caches over(PostgresAdapters postgres, SharedCache shared, NearCacheSettings near) {
      WindowNearCache windows =
          shared.cached(
              WindowTier.uncached(postgres.history(), postgres.messages()),
              WindowRedisCache::new,
              WindowNearCache::new,
              near);
      return new Caches(
          shared.cached(
              postgres.apiKeys(), ApiKeyRevocationBroadcast::new, ApiKeyNearCache::new, near),
          shared.cached(
              postgres.referenceContexts(),
              ReferenceContextRedisCache::new,
              ReferenceContextNearCache::new,
              near),
          shared.cached(
              postgres.versionedCatalog(), CatalogRedisCache::new, CatalogNearCache::new, near),
          windows,
          windows,
          new WindowedConversations(postgres.conversations(), windows));
    }
  }

  static Storage build(
      ParleyConfiguration config,
      Environment environment,
      AdapterMetrics metrics,
      Tracing tracing,
      Clock clock,
      String adminKey) {
    DatabaseFactory database = config.getDatabase();
    Jdbi primary = database.primary(environment, tracing, config.getWebhooks().isOutbox());
    RedisFactory.SharedTier tier =
        config
            .getRedis()
            .build(
                environment,
                metrics,
                clock,
                tracing,
                new PostgresAdapters(primary).changeLog(),
                catalogKeySecret(adminKey));
    SharedCache shared = tier.cache();
    PostgresAdapters postgres =
        new PostgresAdapters(
            primary,
            database.readReplicas(
                environment,
                tier.counters().writePositions(Durations.of(database.getMaxReplicaLag())),
                metrics,
                tracing));
    database.monitorIndexUsage(environment, postgres, clock);
    Caches caches =
        Caches.over(postgres, shared, config.getNearCache().settings(environment, metrics));
    shared.start(); // every cache has registered what it does with another instance's change
    return new Storage(
        postgres,
        shared,
        caches,
        tier.counters().requestLimiter(new LocalRequestLimiter(Ticker.systemTicker())),
        keyUsage(config, environment, postgres));
  }

  /** What a tenant removal purges from the shared tier and every instance's near-caches. */
  TenantCaches tenantCaches() {
    return new TenantCachePurge(shared);
  }

  /** Keys' last-used times: noted in memory per request, written in the background. */
  private static ApiKeyUsageBuffer keyUsage(
      ParleyConfiguration config, Environment environment, PostgresAdapters postgres) {
    ApiKeyUsageBuffer usage = postgres.apiKeyUsage();
    long every = config.getKeys().getUsageFlushInterval().toMilliseconds();
    environment
        .lifecycle()
        .scheduledExecutorService("parley-key-usage", true)
        .build()
        .scheduleWithFixedDelay(
            () -> {
              try {
                usage.flush();
              } catch (RuntimeException e) {
                LoggerFactory.getLogger(Storage.class)
                    .warn("Could not write API keys' last use: {}", LogSafe.describe(e));
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
    return usage;
  }

  /** Keys catalog cache entries: derived from the admin key, which every instance shares. */
  private static byte[] catalogKeySecret(String adminKey) {
    return KeyHash.of("catalog-cache-keys:" + adminKey).hex().getBytes(StandardCharsets.US_ASCII);
  }
}
