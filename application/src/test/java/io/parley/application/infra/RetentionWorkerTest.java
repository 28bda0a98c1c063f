package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.parley.domain.model.RetentionReport;
import io.parley.domain.port.in.RunRetentionUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The retention health check turns unhealthy when no pass has succeeded (on any instance) for three
 * intervals and healthy again after one does; passes and failures show in the metrics.
 */
class RetentionWorkerTest {
  private static final Duration INTERVAL = Duration.ofHours(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final FakeRetention retention = new FakeRetention();
  private final MetricRegistry metrics = new MetricRegistry();
  private final RetentionWorker worker = new RetentionWorker(retention, metrics, clock, INTERVAL);
  private final HealthCheck health = worker.healthCheck();

  @Test
  void turnsUnhealthyAfterThreeIntervalsWithoutASuccessfulPassAndHealthyAfterOne() {
    assertThat(health.execute().isHealthy()).as("just started").isTrue();
    clock.advance(INTERVAL.multipliedBy(3));
    assertThat(health.execute().isHealthy()).as("exactly three intervals").isTrue();
    clock.advance(Duration.ofSeconds(1));
    HealthCheck.Result quiet = health.execute();
    assertThat(quiet.isHealthy()).isFalse();
    assertThat(quiet.getMessage()).contains("no retention pass has succeeded for 10801 s");

    worker.runNow();

    assertThat(health.execute().isHealthy()).isTrue();
    assertThat(gaugeValue()).isEqualTo((double) clock.instant().getEpochSecond());
  }

  @Test
  void aPassOnAnotherInstanceCountsAndFailedPassesDoNot() {
    clock.advance(INTERVAL.multipliedBy(2));
    retention.failing = true;
    assertThatThrownBy(worker::runNow).isInstanceOf(IllegalStateException.class);
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(health.execute().isHealthy()).as("a failed pass is not a success").isFalse();
    assertThat(metrics.counter("retention.failures").getCount()).isEqualTo(1);

    retention.lastSuccess = clock.instant().minusSeconds(60); // another instance's pass
    assertThat(health.execute().isHealthy()).isTrue();
    clock.advance(INTERVAL.multipliedBy(3));
    assertThat(health.execute().isHealthy()).isFalse();
  }

  @Test
  void aPassCountsWhatItRemoved() {
    worker.runNow();

    assertThat(metrics.counter("retention.removed.messages").getCount()).isEqualTo(7);
    assertThat(metrics.counter("retention.removed.conversations").getCount()).isEqualTo(2);
    assertThat(metrics.counter("retention.removed.reference-contexts").getCount()).isEqualTo(3);
    assertThat(metrics.counter("retention.dormant").getCount()).isEqualTo(4);
    assertThat(metrics.timer("retention.passes").getCount()).isEqualTo(1);
  }

  private Object gaugeValue() {
    return metrics.getGauges().get("retention.last-success-timestamp-seconds").getValue();
  }

  private final class FakeRetention implements RunRetentionUseCase {
    volatile boolean failing;
    volatile Instant lastSuccess;

    @Override
    public Optional<RetentionReport> runPass() {
      if (failing) {
        throw new IllegalStateException("database down");
      }
      lastSuccess = clock.instant();
      return Optional.of(new RetentionReport(7, 2, 3, 4, Duration.ofMillis(5)));
    }

    @Override
    public Optional<Instant> lastSuccessfulPass() {
      return Optional.ofNullable(lastSuccess);
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
