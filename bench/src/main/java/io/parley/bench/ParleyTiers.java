package io.parley.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.redis.InvalidationBus;
import io.parley.adapters.redis.RedisCoherence;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Parley instance's reference-context tiers over a shared source of truth, built as the
 * service's wiring builds them: a Redis pool behind the circuit breaker, the L2 (Redis), the L1
 * (Caffeine, the service's default bounds: 32 MiB of reference contexts, 5 s after write; the
 * alternatives it is compared with hold {@link #L1_ENTRIES} entries) and the coherence (lease and
 * invalidations) that keeps that L1 current when another instance writes.
 */
final class ParleyTiers implements AutoCloseable {
  static final int L1_ENTRIES = 100_000;
  static final long L1_BYTES = 32L << 20;
  static final Duration L1_TTL = Duration.ofSeconds(5);

  final RedisConnections connections;
  final UnifiedJedis client;
  final ReferenceContextRedisCache shared;
  final ReferenceContextNearCache near;
  private final RedisCoherence coherence;

  ParleyTiers(String redisUrl, ReferenceContextStore truth, ChangeLog changeLog) {
    connections = RedisConnections.of(redisUrl, Duration.ofMillis(250), Duration.ofMillis(250));
    client = connections.client(8);
    RedisGuard guard = new RedisGuard(client, Duration.ofSeconds(1), AdapterMetrics.none());
    coherence =
        new RedisCoherence(
            guard,
            new InvalidationBus(connections, connections::seeds, AdapterMetrics.none()),
            changeLog,
            Duration.ofSeconds(1),
            AdapterMetrics.none());
    shared =
        new ReferenceContextRedisCache(
            truth, guard, coherence, Clock.systemUTC(), Duration.ofHours(1), AdapterMetrics.none());
    near =
        new ReferenceContextNearCache(
            shared,
            new NearCacheSettings(
                L1_TTL,
                L1_BYTES,
                Ticker.systemTicker(),
                name -> StatsCounter.disabledStatsCounter()),
            coherence);
    coherence.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!coherence.trusted()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no cache lease within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    coherence.close();
    client.close();
  }
}
