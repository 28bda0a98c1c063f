package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.port.out.RequestLimiter.Admission;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Request allowances decided in memory and shared through Redis off the request path: no round trip
 * per request, the instances in step after each report, each alone while Redis is away.
 */
class RedisRequestLimiterTest {
  private static final int BURST = 5;
  private static final Duration PERIOD = Duration.ofMinutes(1); // no refill within a test
  private static final Ticker FROZEN = () -> 1_000_000_000L;

  private final String allowance = "tenant:" + UUID.randomUUID();
  private final CuttableProxy proxy =
      new CuttableProxy(URI.create(TestServers.redis().url()).getPort());
  private final UnifiedJedis direct = client(TestServers.redis().url());
  private final UnifiedJedis proxied = client(proxy.url());

  private static UnifiedJedis client(String url) {
    return RedisConnections.of(url, Duration.ofMillis(250), Duration.ofMillis(250)).client(2);
  }

  private static RedisGuard guard(UnifiedJedis redis) {
    return new RedisGuard(redis, Duration.ofSeconds(5), AdapterMetrics.none(), false);
  }

  private static RedisRequestLimiter instance(RedisGuard guard) {
    return new RedisRequestLimiter(guard, FROZEN, false);
  }

  private int admitted(RedisRequestLimiter limiter, int requests) {
    int admitted = 0;
    for (int i = 0; i < requests; i++) {
      admitted += limiter.admit(allowance, BURST, PERIOD).admitted() ? 1 : 0;
    }
    return admitted;
  }

  @AfterEach
  void close() {
    direct.close();
    proxied.close();
    proxy.close();
  }

  @Test
  void onlyTheFirstRequestOfAnAllowanceAsksRedis() {
    RedisGuard guard = guard(proxied);
    RedisRequestLimiter limiter = instance(guard);
    assertThat(limiter.admit(allowance, BURST, PERIOD).admitted()).isTrue();

    proxy.cut(); // a request that asked Redis now would fail, and the guard would say so
    assertThat(admitted(limiter, BURST + 3)).isEqualTo(BURST - 1);

    assertThat(guard.trusted()).as("no command was sent while the proxy was cut").isTrue();
  }

  @Test
  void anInstanceThatFirstSeesAnAllowanceAfterAnotherReportedStartsWhereItStands() {
    RedisRequestLimiter first = instance(guard(direct));
    RedisRequestLimiter second = instance(guard(direct));
    assertThat(admitted(first, BURST)).isEqualTo(BURST);

    first.report();

    Admission refused = second.admit(allowance, BURST, PERIOD);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(PERIOD);
  }

  @Test
  void instancesThatBothKnowTheAllowanceAreInStepAfterTheirReports() {
    RedisRequestLimiter first = instance(guard(direct));
    RedisRequestLimiter second = instance(guard(direct));
    assertThat(admitted(second, 1)).isEqualTo(1);
    assertThat(admitted(first, BURST - 1)).isEqualTo(BURST - 1);

    first.report();
    second.report();

    assertThat(admitted(second, 1)).as("second heard first's four at its report").isZero();
    // first reported before second did: it hears of second's request at its next report, so it
    // may admit within one report interval what the others already took (the documented bound)
    assertThat(admitted(first, 1)).isEqualTo(1);
    first.report();
    assertThat(admitted(first, 1)).isZero();
  }

  @Test
  void whileRedisIsAwayEachInstanceHoldsTheRateAlone() {
    proxy.cut();
    RedisRequestLimiter limiter = instance(guard(proxied));

    assertThat(admitted(limiter, BURST + 3)).isEqualTo(BURST);
    assertThat(limiter.report()).as("Redis did not answer for the allowance").isEqualTo(1);
    assertThat(admitted(limiter, 1)).isZero();

    proxy.restore(); // the admissions made while Redis was away reach it at a later report
    for (int attempt = 0; attempt < 10 && limiter.report() > 0; attempt++) {
      // a pooled connection broken by the cut fails once before a new one is made
    }
    assertThat(admitted(instance(guard(direct)), 1))
        .as("another instance sees the allowance spent")
        .isZero();
  }

  @Test
  void anInstanceKeepsItsOwnAdmissionsWhenRedisLosesTheSharedState() {
    RedisRequestLimiter limiter = instance(guard(direct));
    assertThat(admitted(limiter, BURST - 1)).isEqualTo(BURST - 1);
    limiter.report();

    direct.del("parley:{limit:" + allowance + "}"); // lost: a restart without persistence, eviction
    assertThat(admitted(limiter, 1)).isEqualTo(1);
    limiter.report(); // Redis now knows of one request only

    assertThat(admitted(limiter, 1)).as("its own admissions still count").isZero();
  }
}
