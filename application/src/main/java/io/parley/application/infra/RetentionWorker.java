package io.parley.application.infra;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.servlets.tasks.Task;
import io.parley.adapters.LogSafe;
import io.parley.domain.model.RetentionReport;
import io.parley.domain.port.in.RunRetentionUseCase;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the retention pass on a timer (every instance tries; the lease lets one run), as the admin
 * task {@code POST /tasks/retention}, and reports it: rows removed per kind, pass duration and the
 * time of the last successful pass (on any instance) as metrics, and a non-critical health check
 * that turns unhealthy when no pass has succeeded for three intervals.
 */
public final class RetentionWorker {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionWorker.class);

  private final RunRetentionUseCase retention;
  private final MetricRegistry metrics;
  private final Clock clock;
  private final Duration interval;
  private final Instant started;
  private volatile Instant lastSuccess;

  public RetentionWorker(
      RunRetentionUseCase retention, MetricRegistry metrics, Clock clock, Duration interval) {
    this.retention = retention;
    this.metrics = metrics;
    this.clock = clock;
    this.interval = interval;
    this.started = clock.instant();
    metrics.register(
        "retention.last-success-timestamp-seconds",
        (Gauge<Double>)
            () -> lastSuccess == null ? Double.NaN : (double) lastSuccess.getEpochSecond());
  }

  /** Runs a pass now; empty when another instance holds the lease. */
  public synchronized Optional<RetentionReport> runNow() {
    try {
      Optional<RetentionReport> report = retention.runPass();
      report.ifPresent(this::record);
      return report;
    } catch (RuntimeException e) {
      metrics.counter("retention.failures").inc();
      LOG.warn("Retention pass failed: {}", LogSafe.describe(e));
      throw e;
    } finally {
      refreshLastSuccess();
    }
  }

  /** The timer's run: a failure is logged and counted, and the next interval tries again. */
  void scheduled() {
    try {
      runNow();
    } catch (RuntimeException e) {
      // counted and logged by runNow
    }
  }

  public void schedule(java.util.concurrent.ScheduledExecutorService executor) {
    refreshLastSuccessQuietly();
    long every = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(this::scheduled, every, every, TimeUnit.MILLISECONDS);
  }

  private void record(RetentionReport report) {
    metrics.counter("retention.removed.messages").inc(report.messages());
    metrics.counter("retention.removed.conversations").inc(report.conversations());
    metrics.counter("retention.removed.reference-contexts").inc(report.referenceContexts());
    metrics.counter("retention.dormant").inc(report.dormantConversations());
    metrics.timer("retention.passes").update(report.took().toNanos(), TimeUnit.NANOSECONDS);
    LOG.info(
        "Retention pass: {} messages, {} conversations, {} reference contexts removed,"
            + " {} conversations dormant, in {} ms",
        report.messages(),
        report.conversations(),
        report.referenceContexts(),
        report.dormantConversations(),
        report.took().toMillis());
  }

  private void refreshLastSuccess() {
    lastSuccess = retention.lastSuccessfulPass().orElse(null);
  }

  private void refreshLastSuccessQuietly() {
    try {
      refreshLastSuccess();
    } catch (RuntimeException e) {
      LOG.warn("Could not read the last retention pass: {}", LogSafe.describe(e));
    }
  }

  /** POST /tasks/retention on the admin port: a pass now, and what it did. */
  public Task task() {
    return new Task("retention") {
      @Override
      public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        Optional<RetentionReport> report = runNow();
        if (report.isEmpty()) {
          output.println("{\"ran\": false, \"reason\": \"another instance is running a pass\"}");
          return;
        }
        RetentionReport r = report.get();
        output.printf(
            "{\"ran\": true, \"messages\": %d, \"conversations\": %d, \"referenceContexts\": %d,"
                + " \"dormantConversations\": %d, \"millis\": %d}%n",
            r.messages(),
            r.conversations(),
            r.referenceContexts(),
            r.dormantConversations(),
            r.took().toMillis());
      }
    };
  }

  /** Unhealthy when no pass has succeeded (on any instance) for three intervals. */
  public HealthCheck healthCheck() {
    return new HealthCheck() {
      @Override
      protected Result check() {
        refreshLastSuccessQuietly();
        Instant since = lastSuccess == null ? started : lastSuccess;
        Duration quiet = Duration.between(since, clock.instant());
        if (quiet.compareTo(interval.multipliedBy(3)) > 0) {
          return Result.unhealthy(
              "no retention pass has succeeded for %d s (interval %d s)",
              quiet.toSeconds(), interval.toSeconds());
        }
        return Result.healthy(
            lastSuccess == null
                ? "no pass yet since start"
                : "last pass succeeded at " + lastSuccess);
      }
    };
  }
}
