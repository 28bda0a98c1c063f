package io.parley.application.infra;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.ApiKeyNearCache;
import io.parley.adapters.cache.CatalogCache;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.Invalidation;
import io.parley.adapters.redis.InvalidationBus;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.application.ParleyConfiguration;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import redis.clients.jedis.RedisClient;

/**
 * Builds the cache tiers in front of the PostgreSQL adapters: the near-caches (L1), Redis (L2,
 * unless REDIS_URL=none) behind its circuit breaker, and the invalidation bus that keeps the L1s of
 * all instances coherent.
 */
public final class CacheWiring {
  private final ParleyConfiguration config;
  private final Environment environment;
  private final AdapterMetrics metrics;
  private final Clock clock;

  public CacheWiring(
      ParleyConfiguration config, Environment environment, AdapterMetrics metrics, Clock clock) {
    this.config = config;
    this.environment = environment;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The near-caches (L1) in front of the stores that have one. */
  public record Caches(
      ApiKeyNearCache apiKeys, ReferenceContextNearCache contexts, CatalogCache catalog) {}

  /** The pieces of Redis: the guarded command client and the invalidation bus. */
  private record Redis(RedisGuard guard, InvalidationBus bus) {}

  public Caches build(PostgresAdapters postgres) {
    Redis redis = config.getRedis().isDisabled() ? null : redis();
    if (redis == null) {
      environment.healthChecks().register("redis", RedisHealthCheck.disabled());
    }
    ApiKeyNearCache apiKeys =
        new ApiKeyNearCache(
            postgres.apiKeys(), nearCache(), (tenant, hash) -> publishRevoked(redis, tenant, hash));
    ReferenceContextNearCache contexts =
        new ReferenceContextNearCache(sharedContexts(postgres, redis), nearCache());
    CatalogCache catalog =
        new CatalogCache(
            postgres.catalog(),
            nearCache(),
            redis == null ? null : redis.guard(),
            redis == null ? null : redis.bus(),
            Durations.of(config.getRedis().getMaxEntryTtl()),
            metrics);
    Caches caches = new Caches(apiKeys, contexts, catalog);
    if (redis != null) {
      listenForInvalidations(redis, caches);
    }
    return caches;
  }

  private Redis redis() {
    RedisConnections connections =
        RedisConnections.of(
            config.getRedis().getUrl(),
            Durations.of(config.getRedis().getConnectTimeout()),
            Durations.of(config.getRedis().getSocketTimeout()));
    RedisClient client = connections.pool(config.getRedis().getMaxConnections());
    environment.lifecycle().manage(new AutoCloseableManager(client));
    environment.healthChecks().register("redis", new RedisHealthCheck(client));
    RedisGuard guard =
        new RedisGuard(client, Durations.of(config.getRedis().getCircuitOpenFor()), metrics);
    InvalidationBus bus = new InvalidationBus(connections, guard, metrics);
    environment.lifecycle().manage(new AutoCloseableManager(bus));
    return new Redis(guard, bus);
  }

  /** PostgreSQL, behind Redis when there is one. */
  private ReferenceContextStore sharedContexts(PostgresAdapters postgres, Redis redis) {
    if (redis == null) {
      return postgres.referenceContexts();
    }
    return new ReferenceContextRedisCache(
        postgres.referenceContexts(),
        redis.guard(),
        redis.bus(),
        clock,
        Durations.of(config.getRedis().getMaxEntryTtl()),
        metrics);
  }

  /**
   * Drops L1 entries other instances changed, and all of L1 whenever messages may have been missed:
   * when the subscription reconnects and when the Redis circuit closes again.
   */
  private void listenForInvalidations(Redis redis, Caches caches) {
    redis
        .bus()
        .onInvalidation(
            invalidation -> {
              TenantId tenant = TenantId.of(invalidation.tenant());
              switch (invalidation.kind()) {
                case Invalidation.REFERENCE_CONTEXT ->
                    caches
                        .contexts()
                        .evict(
                            tenant,
                            ConversationId.of(invalidation.subject()),
                            invalidation.version());
                case Invalidation.API_KEY ->
                    caches.apiKeys().invalidate(tenant, new KeyHash(invalidation.subject()));
                case Invalidation.CATALOG -> caches.catalog().learn(tenant, invalidation.version());
                default -> metrics.increment("invalidations.unknown");
              }
            });
    Runnable clearAll =
        () -> {
          caches.contexts().clear();
          caches.apiKeys().invalidateAll();
          caches.catalog().clear();
          metrics.increment("cache.l1.cleared");
        };
    redis.bus().onReconnect(clearAll);
    redis.guard().onRecovery(clearAll);
    redis.bus().start();
  }

  private void publishRevoked(Redis redis, TenantId tenant, KeyHash hash) {
    if (redis != null) {
      redis.bus().publish(Invalidation.API_KEY, tenant.toString(), hash.hex(), 0);
    }
  }

  private NearCacheSettings nearCache() {
    return new NearCacheSettings(
        config.getNearCache().ttlAsJavaTime(),
        config.getNearCache().getMaxEntries(),
        Ticker.systemTicker(),
        name -> new CacheMetrics(environment.metrics(), "cache." + name + ".l1"));
  }
}
