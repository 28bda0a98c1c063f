package io.parley.application.infra;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.servlets.tasks.Task;
import io.parley.adapters.LogSafe;
import io.parley.adapters.postgres.IndexUsageReader;
import io.parley.adapters.postgres.IndexUsageReader.IndexUsage;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index usage from pg_stat_user_indexes, refreshed on a slow timer: a gauge of scans and one of
 * bytes per index ({@code postgres.index.<table>.<index>.scans|bytes}), the admin task {@code POST
 * /tasks/index-usage} listing unused and rarely used indexes with their sizes, and a non-critical
 * health check that names indexes never scanned once the service has run for the warm period.
 */
public final class IndexUsageMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(IndexUsageMonitor.class);

  /** Fewer scans than this since the statistics were reset is "rarely used". */
  static final long RARELY = 100;

  private final IndexUsageReader reader;
  private final MetricRegistry metrics;
  private final Clock clock;
  private final Instant started;
  private final Duration warmPeriod;
  private final AtomicReference<List<IndexUsage>> latest = new AtomicReference<>(List.of());
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  public IndexUsageMonitor(
      IndexUsageReader reader, MetricRegistry metrics, Clock clock, Duration warmPeriod) {
    this.reader = reader;
    this.metrics = metrics;
    this.clock = clock;
    this.started = clock.instant();
    this.warmPeriod = warmPeriod;
  }

  /** Reads the statistics again; a failure keeps the last reading. */
  public void refresh() {
    try {
      List<IndexUsage> usage = reader.read();
      latest.set(usage);
      usage.forEach(this::gauge);
    } catch (RuntimeException e) {
      LOG.warn("Index usage not read: {}", LogSafe.describe(e));
    }
  }

  private void gauge(IndexUsage index) {
    String name = "postgres.index." + index.table() + "." + index.index();
    if (gauged.add(name)) {
      metrics.register(name + ".scans", (Gauge<Long>) () -> find(index.index()).scans());
      metrics.register(name + ".bytes", (Gauge<Long>) () -> find(index.index()).bytes());
    }
  }

  private IndexUsage find(String index) {
    return latest.get().stream()
        .filter(i -> i.index().equals(index))
        .findFirst()
        .orElse(new IndexUsage("", index, 0, 0));
  }

  /** {@code POST /tasks/index-usage}: reads now, then lists unused and rarely used indexes. */
  public Task task() {
    return new Task("index-usage") {
      @Override
      public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        refresh();
        output.println("index\ttable\tscans\tbytes\tverdict");
        for (IndexUsage index : latest.get()) {
          String verdict =
              index.scans() == 0 ? "unused" : index.scans() < RARELY ? "rarely used" : "used";
          output.printf(
              "%s\t%s\t%d\t%d\t%s%n",
              index.index(), index.table(), index.scans(), index.bytes(), verdict);
        }
      }
    };
  }

  /** Unhealthy when an index was never scanned and the service has run for the warm period. */
  public HealthCheck healthCheck() {
    return new HealthCheck() {
      @Override
      protected Result check() {
        if (Duration.between(started, clock.instant()).compareTo(warmPeriod) < 0) {
          return Result.healthy("warming up: indexes are judged after " + warmPeriod);
        }
        List<String> unused =
            latest.get().stream().filter(i -> i.scans() == 0).map(IndexUsage::index).toList();
        return unused.isEmpty()
            ? Result.healthy()
            : Result.unhealthy("never scanned: " + String.join(", ", unused));
      }
    };
  }
}
