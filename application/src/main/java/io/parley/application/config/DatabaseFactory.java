package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.util.Duration;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.ReadReplicas;
import io.parley.adapters.postgres.WritePositions;
import io.parley.application.infra.IndexUsageMonitor;
import io.parley.application.infra.ReadTargets;
import io.parley.application.infra.ReplicaHealthCheck;
import io.parley.application.infra.StatementCounter;
import io.parley.application.infra.Tracing;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;

/** The primary PostgreSQL (Dropwizard's pooled data source) and the adapters over it. */
public class DatabaseFactory extends DataSourceFactory {
  /** Hot standbys for reads: comma-separated JDBC URLs, same credentials (empty: none). */
  private String replicaUrls = "";

  /** A replica lagging more than this leaves rotation until it catches up. */
  @NotNull private Duration maxReplicaLag = Duration.seconds(5);

  /** How often each replica's replay position and lag are read. */
  @NotNull private Duration replicaPollInterval = Duration.milliseconds(250);

  @JsonProperty
  public String getReplicaUrls() {
    return replicaUrls;
  }

  @JsonProperty
  public void setReplicaUrls(String replicaUrls) {
    this.replicaUrls = replicaUrls == null ? "" : replicaUrls;
  }

  @JsonProperty
  public Duration getMaxReplicaLag() {
    return maxReplicaLag;
  }

  @JsonProperty
  public void setMaxReplicaLag(Duration maxReplicaLag) {
    this.maxReplicaLag = maxReplicaLag;
  }

  @JsonProperty
  public Duration getReplicaPollInterval() {
    return replicaPollInterval;
  }

  @JsonProperty
  public void setReplicaPollInterval(Duration replicaPollInterval) {
    this.replicaPollInterval = replicaPollInterval;
  }

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
   * The replicas of {@code replicaUrls}, each with its own pool, polled for replay position and
   * lag, each with a non-critical health check ({@code replica-1}, ...) and a span per statement
   * when tracing records; reads routed by {@code positions}. With no URL, every read goes to the
   * primary, counted per endpoint all the same.
   */
  public ReadReplicas readReplicas(
      Environment environment, WritePositions positions, AdapterMetrics metrics, Tracing tracing) {
    List<String> urls =
        Arrays.stream(replicaUrls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    java.time.Duration maxLag = java.time.Duration.ofMillis(maxReplicaLag.toMilliseconds());
    List<ReadReplicas.Replica> replicas = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String name = "replica-" + (i + 1);
      replicas.add(
          new ReadReplicas.Replica(name, replicaJdbi(environment, tracing, name, urls.get(i))));
    }
    ReadReplicas readReplicas =
        new ReadReplicas(replicas, positions, maxLag, metrics, ReadTargets::record);
    if (replicas.isEmpty()) {
      return readReplicas;
    }
    readReplicas.poll();
    long every = Math.max(10, replicaPollInterval.toMilliseconds());
    environment
        .lifecycle()
        .scheduledExecutorService("parley-replica-poll", true)
        .build()
        .scheduleWithFixedDelay(readReplicas::poll, every, every, TimeUnit.MILLISECONDS);
    for (ReadReplicas.Replica replica : replicas) {
      environment.healthChecks().register(replica.name(), new ReplicaHealthCheck(replica, maxLag));
    }
    return readReplicas;
  }

  private Jdbi replicaJdbi(Environment environment, Tracing tracing, String name, String url) {
    DataSourceFactory replica = new DataSourceFactory();
    replica.setDriverClass(getDriverClass());
    replica.setUrl(url);
    replica.setUser(getUser());
    replica.setPassword(getPassword());
    replica.setProperties(getProperties());
    replica.setMinSize(getMinSize());
    replica.setInitialSize(getInitialSize());
    replica.setMaxSize(getMaxSize());
    replica.setMaxWaitForConnection(getMaxWaitForConnection());
    replica.setUseFairQueue(getUseFairQueue());
    replica.setCheckConnectionWhileIdle(getCheckConnectionWhileIdle());
    replica.setValidationQuery(getValidationQuery().orElse(null));
    replica.setValidationQueryTimeout(getValidationQueryTimeout().orElse(null));
    ManagedDataSource pool =
        tracing.traced(replica.build(environment.metrics(), "postgres-" + name));
    environment.lifecycle().manage(pool);
    return counted(PostgresAdapters.withPlugins(Jdbi.create(pool)));
  }

  /**
   * The primary's pool (managed, health-checked, timed; a span per statement when tracing records).
   * With {@code outbox} off, writes log no webhook events (the outbox triggers read the session's
   * {@code parley.outbox} setting): only to measure what the events cost.
   */
  public Jdbi primary(Environment environment, Tracing tracing, boolean outbox) {
    if (!outbox) {
      getProperties().put("options", "-c parley.outbox=off");
    }
    ManagedDataSource pool = tracing.traced(build(environment.metrics(), "postgres"));
    return counted(new JdbiFactory().build(environment, this, pool, "postgres"));
  }

  /**
   * Statements as written and counted per request. No SQL here uses JDBI's {@code <attribute>}
   * templates, and Dropwizard's name-prepending engine defeats JDBI's parse cache: re-lexing every
   * statement was 15% of CPU samples under load.
   */
  private static Jdbi counted(Jdbi jdbi) {
    jdbi.setTemplateEngine(new NoTemplateEngine());
    SqlStatements statements = jdbi.getConfig(SqlStatements.class);
    statements.setSqlLogger(new StatementCounter(statements.getSqlLogger()));
    return jdbi;
  }
}
