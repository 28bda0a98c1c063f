package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.testing.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A slow call that succeeds starts the distrust window only where a failover can hand the keys to
 * an older copy (a cluster); a failed call starts it everywhere.
 */
class RedisGuardTest {
  private static UnifiedJedis redis;

  @BeforeAll
  static void connect() {
    redis =
        RedisConnections.of(
                TestServers.redis().url(), Duration.ofMillis(250), Duration.ofMillis(250))
            .client(4);
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void aSlowAnswerFromAStandaloneRedisKeepsItTrusted() {
    RedisGuard guard = new RedisGuard(redis, Duration.ofSeconds(1), AdapterMetrics.none(), false);

    assertThat(guard.call(RedisGuardTest::slowPing).answered()).isTrue();
    assertThat(guard.trusted()).isTrue();
  }

  @Test
  void aSlowAnswerFromAClusterStartsTheDistrustWindow() {
    RedisGuard guard = new RedisGuard(redis, Duration.ofSeconds(1), AdapterMetrics.none(), true);

    assertThat(guard.call(RedisGuardTest::slowPing).answered()).isTrue();
    assertThat(guard.trusted()).isFalse();
  }

  @Test
  void aFailedCallStartsTheDistrustWindowEverywhere() {
    RedisGuard guard = new RedisGuard(redis, Duration.ofSeconds(1), AdapterMetrics.none(), false);

    assertThat(
            guard
                .call(
                    r -> {
                      throw new IllegalStateException("the connection broke");
                    })
                .answered())
        .isFalse();
    assertThat(guard.trusted()).isFalse();
  }

  /** A PING that the caller sees answered after 80 ms, as under a stall or a paused master. */
  private static String slowPing(UnifiedJedis r) {
    try {
      Thread.sleep(80);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return r.ping();
  }
}
