package io.parley.application.infra;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.RatioGauge;
import com.codahale.metrics.Timer;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a Caffeine cache's statistics into Dropwizard metrics: hits, misses, load timer, evictions,
 * and a hit-ratio gauge. (The metrics-caffeine3 module that does this is listed in metrics-bom
 * 4.2.38 but not published, so this is the same idea in one class.)
 */
public final class CacheMetrics implements StatsCounter {
  private final Counter hits;
  private final Counter misses;
  private final Timer loads;
  private final Counter loadFailures;
  private final Counter evictions;

  public CacheMetrics(MetricRegistry registry, String name) {
    this.hits = registry.counter(name + ".hits");
    this.misses = registry.counter(name + ".misses");
    this.loads = registry.timer(name + ".loads");
    this.loadFailures = registry.counter(name + ".load-failures");
    this.evictions = registry.counter(name + ".evictions");
    registry.gauge(
        name + ".hit-ratio",
        () ->
            new RatioGauge() {
              @Override
              protected Ratio getRatio() {
                return Ratio.of(hits.getCount(), hits.getCount() + misses.getCount());
              }
            });
  }

  @Override
  public void recordHits(int count) {
    hits.inc(count);
  }

  @Override
  public void recordMisses(int count) {
    misses.inc(count);
  }

  @Override
  public void recordLoadSuccess(long loadTime) {
    loads.update(loadTime, TimeUnit.NANOSECONDS);
  }

  @Override
  public void recordLoadFailure(long loadTime) {
    loads.update(loadTime, TimeUnit.NANOSECONDS);
    loadFailures.inc();
  }

  @Override
  public void recordEviction(int weight, RemovalCause cause) {
    evictions.inc();
  }

  @Override
  public CacheStats snapshot() {
    return CacheStats.of(
        hits.getCount(),
        misses.getCount(),
        loads.getCount() - loadFailures.getCount(),
        loadFailures.getCount(),
        0,
        evictions.getCount(),
        0);
  }
}
