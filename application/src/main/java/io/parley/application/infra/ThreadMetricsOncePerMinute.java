package io.parley.application.infra;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.hotspot.ThreadExports;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's thread metrics, read at most once a minute. Each read of them stops every thread at a
 * safepoint: a deadlock search ({@code ThreadMXBean.findDeadlockedThreads}) and, for the states, a
 * thread dump. Read on every scrape, they stalled the service: a bench run that fetched admin
 * {@code /metrics} every 0.5 s had 1,361 {@code FindDeadlocks} safepoints in 12 minutes, up to 82
 * ms each (bench/results/2026-12-07/gc-safepoint.log). Dropwizard already caches the thread states
 * for a minute; its two deadlock gauges and the Prometheus client's thread collector are cached
 * here the same way (Dropwizard's {@code CachedGauge}).
 */
public final class ThreadMetricsOncePerMinute extends Collector {
  static final List<String> DEADLOCK_GAUGES =
      List.of("jvm.threads.deadlock.count", "jvm.threads.deadlocks");

  private final Gauge<List<MetricFamilySamples>> threads;

  ThreadMetricsOncePerMinute(Collector threads, long period, TimeUnit unit) {
    this.threads = cached(threads::collect, period, unit);
  }

  /** The Prometheus client's thread metrics, read at most once a minute. */
  public static Collector prometheus() {
    return new ThreadMetricsOncePerMinute(new ThreadExports(), 1, TimeUnit.MINUTES);
  }

  /** Replaces Dropwizard's deadlock gauges in {@code registry} by ones read once a minute. */
  public static void cacheDeadlockGauges(MetricRegistry registry) {
    for (String name : DEADLOCK_GAUGES) {
      Metric metric = registry.getMetrics().get(name);
      if (metric instanceof Gauge<?> gauge) {
        registry.remove(name);
        registry.register(name, cached(gauge, 1, TimeUnit.MINUTES));
      }
    }
  }

  private static <T> Gauge<T> cached(Gauge<T> gauge, long period, TimeUnit unit) {
    return new CachedGauge<T>(period, unit) {
      @Override
      protected T loadValue() {
        return gauge.getValue();
      }
    };
  }

  @Override
  public List<MetricFamilySamples> collect() {
    return threads.getValue();
  }
}
