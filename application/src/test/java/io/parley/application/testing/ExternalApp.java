package io.parley.application.testing;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.parley.application.ParleyApplication;
import io.parley.application.ParleyConfiguration;
import io.parley.application.infra.Tracing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A Parley instance on servers the test owns (a database of the test PostgreSQL, a Redis). */
public final class ExternalApp implements AutoCloseable {
  public static final String ADMIN_KEY = "external-admin-key-0123456789";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private final DropwizardTestSupport<ParleyConfiguration> support;
  public final ApiClient api;

  /**
   * Starts an instance; {@code extra} are (key, value) pairs of more overrides. Overrides go
   * through system properties with a prefix of this instance's own, so instances started one after
   * another (and the db commands of other tests) never see each other's.
   */
  public ExternalApp(String jdbcUrl, String redisUrl, String... extra) {
    this(null, jdbcUrl, redisUrl, extra);
  }

  /** An instance with the given tracing (null: as the environment says). */
  public ExternalApp(Supplier<Tracing> tracing, String jdbcUrl, String redisUrl, String... extra) {
    RecordedStatements.start();
    String prefix = "parley-test-" + INSTANCES.incrementAndGet();
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.add(ConfigOverride.config(prefix, "database.url", jdbcUrl));
    overrides.add(ConfigOverride.config(prefix, "redis.url", redisUrl));
    overrides.add(ConfigOverride.config(prefix, "api.adminKey", ADMIN_KEY));
    // Logback stays as logback-test.xml sets it: an app that configured it would reset it (and
    // any capture attached to it) at every start and stop.
    overrides.add(ConfigOverride.config(prefix, "logging.type", "external"));
    overrides.add(ConfigOverride.config(prefix, "server.applicationConnectors[0].port", "0"));
    overrides.add(ConfigOverride.config(prefix, "server.adminConnectors[0].port", "0"));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      overrides.add(ConfigOverride.config(prefix, extra[i], extra[i + 1]));
    }
    support =
        new DropwizardTestSupport<>(
            ParleyApplication.class,
            Path.of("..", "config.yml").toString(),
            prefix,
            overrides.toArray(ConfigOverride[]::new)) {
          @Override
          public Application<ParleyConfiguration> newApplication() {
            return tracing == null ? super.newApplication() : new ParleyApplication(tracing);
          }
        };
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("Parley did not start", e);
    }
    api = new ApiClient(support.getLocalPort());
  }

  /** Starts an instance on a Redis of the test's topology. */
  public static ExternalApp on(
      String jdbcUrl, io.parley.adapters.testing.RedisTopology redis, String... extra) {
    List<String> settings = redis.overrides();
    List<String> more = new ArrayList<>(settings.subList(2, settings.size()));
    more.addAll(List.of(extra));
    return new ExternalApp(jdbcUrl, settings.get(1), more.toArray(String[]::new));
  }

  public int port() {
    return support.getLocalPort();
  }

  public int adminPort() {
    return support.getAdminPort();
  }

  public long counter(String name) {
    Counter counter = support.getEnvironment().metrics().getCounters().get(name);
    return counter == null ? 0 : counter.getCount();
  }

  public Object gauge(String name) {
    Gauge<?> gauge = support.getEnvironment().metrics().getGauges().get(name);
    return gauge == null ? null : gauge.getValue();
  }

  public boolean healthy(String check) {
    return support.getEnvironment().healthChecks().runHealthCheck(check).isHealthy();
  }

  @Override
  public void close() {
    support.after();
  }
}
