package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CacheEfficiencyHealthCheckTest {
  private final MetricRegistry metrics = new MetricRegistry();
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };
  private final CacheEfficiencyHealthCheck check =
      new CacheEfficiencyHealthCheck(metrics, 0.7, Duration.ofMinutes(5), 100, clock);

  private void lookups(long l1Hits, long l1Misses, long l2Hits, long l2Misses) {
    metrics.counter("cache.referenceContexts.l1.hits").inc(l1Hits);
    metrics.counter("cache.referenceContexts.l1.misses").inc(l1Misses);
    metrics.counter("cache.referenceContexts.l2.hits").inc(l2Hits);
    metrics.counter("cache.referenceContexts.l2.misses").inc(l2Misses);
  }

  @Test
  void doesNotJudgeWithoutEnoughTraffic() {
    check.execute();
    lookups(0, 50, 0, 50);

    assertThat(check.execute().isHealthy()).isTrue();
    assertThat(check.execute().getMessage()).contains("50 lookups");
  }

  @Test
  void warnsWhenTheCombinedHitRatioFallsUnderTheThreshold() {
    check.execute();
    lookups(100, 100, 30, 70);

    var result = check.execute();

    assertThat(result.isHealthy()).isFalse();
    assertThat(result.getMessage()).contains("hit ratio 65.0% over 200 lookups");
    lookups(0, 100, 0, 100);
    assertThat(check.execute().isHealthy()).isFalse();
  }

  @Test
  void countsL2HitsAsHitsAndForgetsTrafficOlderThanTheWindow() {
    check.execute();
    lookups(50, 150, 140, 10);
    assertThat(check.execute().isHealthy()).isTrue();

    millis.addAndGet(Duration.ofMinutes(6).toMillis());
    check.execute();
    lookups(0, 200, 0, 200);
    assertThat(check.execute().isHealthy()).isFalse();
  }
}
