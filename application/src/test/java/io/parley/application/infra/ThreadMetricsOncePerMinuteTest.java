package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.CachedThreadStatesGaugeSet;
import io.prometheus.client.Collector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thread metrics stop the JVM at each read: a scrape must not read them more than once a minute.
 */
class ThreadMetricsOncePerMinuteTest {

  @Test
  void scrapesWithinTheMinuteReadTheThreadsOnce() {
    AtomicInteger reads = new AtomicInteger();
    Collector threads = counting(reads);
    Collector cached = new ThreadMetricsOncePerMinute(threads, 1, TimeUnit.MINUTES);

    List<Collector.MetricFamilySamples> first = cached.collect();
    for (int i = 0; i < 10; i++) {
      assertThat(cached.collect()).isSameAs(first);
    }

    assertThat(reads).hasValue(1);
  }

  @Test
  void aScrapeAfterThePeriodReadsThemAgain() {
    AtomicInteger reads = new AtomicInteger();
    Collector cached = new ThreadMetricsOncePerMinute(counting(reads), 0, TimeUnit.NANOSECONDS);

    cached.collect();
    cached.collect();

    assertThat(reads).hasValue(2);
  }

  @Test
  void dropwizardsDeadlockGaugesAreReadOnceAMinute() {
    MetricRegistry registry = new MetricRegistry();
    // the names Dropwizard registers (Bootstrap: "jvm.threads", a CachedThreadStatesGaugeSet)
    registry.register("jvm.threads", new CachedThreadStatesGaugeSet(1, TimeUnit.MINUTES));
    assertThat(registry.getGauges().keySet())
        .containsAll(ThreadMetricsOncePerMinute.DEADLOCK_GAUGES);
    AtomicInteger reads = new AtomicInteger();
    registry.remove("jvm.threads.deadlock.count");
    registry.register("jvm.threads.deadlock.count", (Gauge<Integer>) reads::incrementAndGet);

    ThreadMetricsOncePerMinute.cacheDeadlockGauges(registry);
    for (int i = 0; i < 5; i++) {
      registry.getGauges().get("jvm.threads.deadlock.count").getValue();
    }

    assertThat(reads).hasValue(1);
    assertThat(registry.getGauges().get("jvm.threads.deadlocks")).isInstanceOf(CachedGauge.class);
  }

  private static Collector counting(AtomicInteger reads) {
    return new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        reads.incrementAndGet();
        return new java.util.ArrayList<>();
      }
    };
  }
}
