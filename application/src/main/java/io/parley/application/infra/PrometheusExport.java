package io.parley.application.infra;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dropwizard registry in Prometheus' conventions: snake_case names, the {@code parley_} prefix
 * on the service's own metrics, per-endpoint, per-cache and per-index series as labels (route
 * templates and cache names, never raw paths or ids), counters and meters as counters ending in
 * {@code _total}, timers as summaries in seconds. The JVM's metrics come from the Prometheus
 * client's own collectors instead, under their conventional names.
 */
public final class PrometheusExport extends Collector {
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99, 0.999};
  private static final double NANOS_PER_SECOND = 1e9;

  /** A Dropwizard name pattern, the Prometheus name it becomes and its labels (groups). */
  private record Rule(Pattern pattern, String name, List<String> labels) {}

  private static final List<Rule> RULES =
      List.of(
          rule("cache\\.l1\\.cleared", "parley_cache_l1_cleared"),
          rule("cache\\.([^.]+)\\.db\\.loads", "parley_cache_db_loads", "cache"),
          rule("cache\\.([^.]+)\\.(l1|l2)\\.([^.]+)", "parley_cache_$3", "cache", "tier"),
          rule(
              "http\\.([^.]+\\.[^.]+)\\.sql-statements-total",
              "parley_http_sql_statements",
              "endpoint"),
          rule(
              "http\\.([^.]+\\.[^.]+)\\.sql-statements",
              "parley_http_sql_statements_per_request",
              "endpoint"),
          rule("http\\.([^.]+\\.[^.]+)\\.requests", "parley_http_requests", "endpoint"),
          rule(
              "http\\.([^.]+\\.[^.]+)\\.reads\\.([a-z]+)",
              "parley_http_reads",
              "endpoint",
              "target"),
          rule("db\\.reads\\.([a-z]+)", "parley_db_reads", "target"),
          rule("db\\.replicas\\.([^.]+)\\.(.+)", "parley_db_replica_$2", "replica"),
          rule(
              "http\\.([^.]+\\.[^.]+)\\.responses\\.([A-Z]+)\\.(\\d{3})",
              "parley_http_responses", "endpoint", "method", "status"),
          rule("catalog\\.([^.]+)\\.db", "parley_catalog_db_reads", "operation"),
          rule(
              "postgres\\.index\\.([^.]+)\\.([^.]+)\\.(scans|bytes)",
              "parley_postgres_index_$3",
              "table",
              "index"),
          rule("health\\.aggregate\\.([^.]+)", "parley_health_checks_$1"),
          rule(
              "health\\.([^.]+)\\.(healthy|unhealthy)",
              "parley_health_check_runs",
              "check",
              "result"),
          rule(
              "io\\.dropwizard\\.db\\.ManagedPooledDataSource\\.([^.]+)\\.(.+)",
              "parley_db_pool_$2",
              "pool"),
          rule(
              "org\\.eclipse\\.jetty\\.util\\.thread\\.QueuedThreadPool\\.([^.]+)\\.(.+)",
              "jetty_thread_pool_$2",
              "pool"),
          rule("io\\.dropwizard\\.jetty\\.MutableServletContextHandler\\.(.+)", "jetty_$1"),
          rule("ch\\.qos\\.logback\\.core\\.Appender\\.([^.]+)", "logback_events", "level"),
          rule("retention\\.removed\\.([^.]+)", "parley_retention_removed", "kind"),
          rule("statuses\\.([a-z]+)", "parley_delivery_statuses", "status"),
          rule("webhooks\\.delivery\\.([a-z]+)", "parley_webhook_deliveries", "outcome"),
          rule(
              "webhooks\\.([0-9a-f-]{36})\\.oldest-undelivered-seconds",
              "parley_webhook_oldest_undelivered_seconds",
              "webhook"),
          rule("(redis|invalidations|retention)\\.(.+)", "parley_$1_$2"));

  private final MetricRegistry registry;

  public PrometheusExport(MetricRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    Map<String, Family> families = new TreeMap<>();
    registry
        .getMetrics()
        .forEach(
            (name, metric) -> {
              if (!name.startsWith("jvm.")) {
                add(families, name, metric);
              }
            });
    List<MetricFamilySamples> out = new ArrayList<>();
    families.values().forEach(family -> out.add(family.samples()));
    return out;
  }

  private static void add(Map<String, Family> families, String dropwizardName, Metric metric) {
    Named named = named(dropwizardName);
    if (metric instanceof Gauge<?> gauge) {
      if (gauge.getValue() instanceof Number number) {
        family(families, named.name(), Type.GAUGE).add(named.name(), named, number.doubleValue());
      }
    } else if (metric instanceof Timer timer) {
      String name = named.name() + "_seconds";
      summary(family(families, name, Type.SUMMARY), name, named, timer, 1 / NANOS_PER_SECOND);
    } else if (metric instanceof Sampling sampling && metric instanceof Counting) {
      summary(family(families, named.name(), Type.SUMMARY), named.name(), named, sampling, 1);
    } else if (metric instanceof com.codahale.metrics.Counter up
        && dropwizardName.contains("active")) {
      // Jetty's active-requests and the like go down as well as up: gauges, not counters.
      family(families, named.name(), Type.GAUGE).add(named.name(), named, up.getCount());
    } else if (metric instanceof Counting counting) {
      String name = named.name().replaceAll("_total$", "");
      family(families, name, Type.COUNTER).add(name + "_total", named, counting.getCount());
    }
  }

  private static void summary(
      Family family, String name, Named named, Sampling sampling, double factor) {
    Snapshot snapshot = sampling.getSnapshot();
    for (double q : QUANTILES) {
      family.add(name, named.with("quantile", Double.toString(q)), snapshot.getValue(q) * factor);
    }
    family.add(name + "_count", named, ((Counting) sampling).getCount());
  }

  private static Family family(Map<String, Family> families, String name, Type type) {
    return families.computeIfAbsent(name, n -> new Family(n, type));
  }

  /** A Prometheus name and the labels one Dropwizard metric carries. */
  record Named(String name, List<String> labelNames, List<String> labelValues) {
    Named with(String label, String value) {
      List<String> names = new ArrayList<>(labelNames);
      List<String> values = new ArrayList<>(labelValues);
      names.add(label);
      values.add(value);
      return new Named(name, names, values);
    }
  }

  static Named named(String dropwizardName) {
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(dropwizardName);
      if (matcher.matches()) {
        List<String> values = new ArrayList<>();
        for (int group = 1; group <= rule.labels().size(); group++) {
          values.add(matcher.group(group));
        }
        String name = snake(matcher.replaceAll(rule.name())); // resets the matcher
        return new Named(name, rule.labels(), values);
      }
    }
    return new Named(snake(dropwizardName), List.of(), List.of());
  }

  /** "cache.apiKeys.hit-ratio" -> "cache_api_keys_hit_ratio". */
  static String snake(String name) {
    String snake =
        name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]+", "_")
            .replaceAll("_+", "_")
            .replaceAll("^_|_$", "");
    return Character.isDigit(snake.charAt(0)) ? "_" + snake : snake;
  }

  private static Rule rule(String pattern, String name, String... labels) {
    return new Rule(Pattern.compile(pattern), name, List.of(labels));
  }

  /** The samples of one family, gathered from every Dropwizard metric that maps to it. */
  private static final class Family {
    private final String name;
    private final Type type;
    private final List<MetricFamilySamples.Sample> samples = new ArrayList<>();

    Family(String name, Type type) {
      this.name = name;
      this.type = type;
    }

    void add(String sampleName, Named named, double value) {
      samples.add(
          new MetricFamilySamples.Sample(
              sampleName, named.labelNames(), named.labelValues(), value));
    }

    MetricFamilySamples samples() {
      return new MetricFamilySamples(name, type, "Parley's Dropwizard metric " + name, samples);
    }
  }
}
