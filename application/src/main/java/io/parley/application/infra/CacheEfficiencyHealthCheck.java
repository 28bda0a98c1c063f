package io.parley.application.infra;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Warns when the reference-context cache stops doing its job: the combined hit ratio of its tiers
 * over the last {@code window} is under {@code threshold}, once there has been enough traffic in
 * that window to judge. Reads the same counters the metrics show.
 */
public final class CacheEfficiencyHealthCheck extends HealthCheck {
  private final MetricRegistry metrics;
  private final double threshold;
  private final Duration window;
  private final long minimumLookups;
  private final Clock clock;
  private final Deque<Sample> samples = new ArrayDeque<>();

  public CacheEfficiencyHealthCheck(
      MetricRegistry metrics, double threshold, Duration window, long minimumLookups, Clock clock) {
    this.metrics = metrics;
    this.threshold = threshold;
    this.window = window;
    this.minimumLookups = minimumLookups;
    this.clock = clock;
  }

  private record Sample(long at, long hits, long lookups) {}

  @Override
  protected synchronized Result check() {
    long now = clock.millis();
    long l1Hits = count("cache.referenceContexts.l1.hits");
    long l1Misses = count("cache.referenceContexts.l1.misses");
    long l2Misses = count("cache.referenceContexts.l2.misses");
    // A lookup is served from cache unless it missed L1 and then L2 (or there is no L2).
    long fromDatabase =
        metrics.getCounters().containsKey("cache.referenceContexts.l2.hits") ? l2Misses : l1Misses;
    Sample current = new Sample(now, l1Hits + l1Misses - fromDatabase, l1Hits + l1Misses);
    samples.addLast(current);
    while (samples.size() > 1 && samples.peekFirst().at() < now - window.toMillis()) {
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    long lookups = current.lookups() - oldest.lookups();
    if (lookups < minimumLookups) {
      return Result.healthy("%d lookups in the window; judged from %d on", lookups, minimumLookups);
    }
    double ratio = (double) (current.hits() - oldest.hits()) / lookups;
    String summary =
        String.format(
            Locale.ROOT,
            "hit ratio %.1f%% over %d lookups (threshold %.0f%%)",
            ratio * 100,
            lookups,
            threshold * 100);
    return ratio >= threshold ? Result.healthy(summary) : Result.unhealthy(summary);
  }

  private long count(String name) {
    Counter counter = metrics.getCounters().get(name);
    return counter == null ? 0 : counter.getCount();
  }
}
