package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.util.Duration;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.application.infra.IndexUsageMonitor;
import io.parley.application.infra.StatementCounter;
import io.parley.application.infra.Tracing;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;

/** The primary PostgreSQL (Dropwizard's pooled data source) and the adapters over it. */
public class DatabaseFactory extends DataSourceFactory {
  /** How long the service runs before an index never scanned is reported. */
  @NotNull private Duration indexWarmPeriod = Duration.days(1);

  /** How often index usage is read from pg_stat_user_indexes. */
  @NotNull private Duration indexUsageRefresh = Duration.minutes(1);

  @JsonProperty
  public Duration getIndexWarmPeriod() {
    return indexWarmPeriod;
  }

  @JsonProperty
  public void setIndexWarmPeriod(Duration indexWarmPeriod) {
    this.indexWarmPeriod = indexWarmPeriod;
  }

  @JsonProperty
  public Duration getIndexUsageRefresh() {
    return indexUsageRefresh;
  }

  @JsonProperty
  public void setIndexUsageRefresh(Duration indexUsageRefresh) {
    this.indexUsageRefresh = indexUsageRefresh;
  }

  /**
   * Index usage: gauges refreshed every {@code indexUsageRefresh}, the admin task and the
   * non-critical {@code index-usage} health check.
   */
  public void monitorIndexUsage(
      Environment environment, PostgresAdapters postgres, java.time.Clock clock) {
    IndexUsageMonitor monitor =
        new IndexUsageMonitor(
            postgres.indexUsage(),
            environment.metrics(),
            clock,
            java.time.Duration.ofMillis(indexWarmPeriod.toMilliseconds()));
    long every = Math.max(1, indexUsageRefresh.toMilliseconds());
    environment
        .lifecycle()
        .scheduledExecutorService("parley-index-usage", true)
        .build()
        .scheduleWithFixedDelay(monitor::refresh, 0, every, TimeUnit.MILLISECONDS);
    environment.admin().addTask(monitor.task());
    environment.healthChecks().register("index-usage", monitor.healthCheck());
  }

  /**
   * Builds the pool (managed, health-checked, timed; a span per statement when tracing records) and
   * every PostgreSQL adapter.
   */
  public PostgresAdapters build(Environment environment, Tracing tracing) {
    ManagedDataSource pool = tracing.traced(build(environment.metrics(), "postgres"));
    Jdbi jdbi = new JdbiFactory().build(environment, this, pool, "postgres");
    // No SQL here uses JDBI's <attribute> templates, and Dropwizard's name-prepending engine
    // defeats JDBI's parse cache: re-lexing every statement was 15% of CPU samples under load.
    jdbi.setTemplateEngine(new NoTemplateEngine());
    SqlStatements statements = jdbi.getConfig(SqlStatements.class);
    statements.setSqlLogger(new StatementCounter(statements.getSqlLogger()));
    return new PostgresAdapters(jdbi);
  }
}
