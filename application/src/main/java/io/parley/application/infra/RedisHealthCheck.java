package io.parley.application.infra;

import com.codahale.metrics.health.HealthCheck;
import redis.clients.jedis.UnifiedJedis;

/** Redis answers PING. Not critical: without Redis the service degrades to PostgreSQL and L1. */
public final class RedisHealthCheck extends HealthCheck {
  private final UnifiedJedis redis;

  public RedisHealthCheck(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** For REDIS_URL=none: nothing to check, and nothing wrong (one instance, near-cache only). */
  public static com.codahale.metrics.health.HealthCheck disabled() {
    return new com.codahale.metrics.health.HealthCheck() {
      @Override
      protected Result check() {
        return Result.healthy("not used: REDIS_URL=none (near-cache only)");
      }
    };
  }

  @Override
  protected Result check() {
    try {
      String pong = redis.ping();
      return "PONG".equals(pong) ? Result.healthy() : Result.unhealthy("PING answered " + pong);
    } catch (RuntimeException e) {
      return Result.unhealthy("Redis unreachable: " + e.getClass().getSimpleName());
    }
  }
}
