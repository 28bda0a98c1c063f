package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.util.Duration;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.SharedCounters;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.SharedCache;
import io.parley.adapters.redis.TracedCommandExecutor;
import io.parley.application.infra.Durations;
import io.parley.application.infra.RedisHealthCheck;
import io.parley.application.infra.Tracing;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/**
 * Where Redis is: {@code embedded} (started in-process), {@code none} (near-cache only), a URL, or
 * a Redis Cluster's seed nodes (which win over the URL); builds the shared cache tier over it.
 */
public class RedisFactory {
  @NotEmpty private String url = "embedded";

  /** Seed nodes of a Redis Cluster, {@code host:port,host:port}; empty or null for standalone. */
  private String clusterNodes;

  /** The cluster's password (a standalone URL carries its own); empty or null for none. */
  private String password;

  /**
   * For TLS ({@code rediss://}): a PEM file of the CA certificates the server's certificate must
   * chain to, instead of the JVM's trust store; empty or null for the trust store.
   */
  private String caCertificate;

  @JsonProperty
  public String getCaCertificate() {
    return caCertificate;
  }

  @JsonProperty
  public void setCaCertificate(String caCertificate) {
    this.caCertificate = caCertificate;
  }

  @NotNull private Duration connectTimeout = Duration.milliseconds(250);
  @NotNull private Duration socketTimeout = Duration.milliseconds(100);

  @Min(1)
  @Max(1024)
  private int maxConnections = 32;

  /** How long the circuit stays open before Redis is tried again. */
  @NotNull private Duration circuitOpenFor = Duration.seconds(1);

  /** The longest any entry lives in Redis. */
  @NotNull private Duration maxEntryTtl = Duration.minutes(10);

  /**
   * How long an instance's cache lease lasts: it serves its caches only within a term of its last
   * renewal (four a term), and a write Redis did not take waits one term before it is acknowledged.
   */
  @NotNull private Duration leaseTerm = Duration.seconds(1);

  /** The largest window kept in Redis; a larger one is read from PostgreSQL each time. */
  @Min(1024)
  private int maxWindowBytes = 512 << 10;

  @JsonProperty
  public Duration getLeaseTerm() {
    return leaseTerm;
  }

  @JsonProperty
  public void setLeaseTerm(Duration leaseTerm) {
    this.leaseTerm = leaseTerm;
  }

  @JsonProperty
  public int getMaxWindowBytes() {
    return maxWindowBytes;
  }

  @JsonProperty
  public void setMaxWindowBytes(int maxWindowBytes) {
    this.maxWindowBytes = maxWindowBytes;
  }

  @JsonProperty
  public Duration getCircuitOpenFor() {
    return circuitOpenFor;
  }

  @JsonProperty
  public void setCircuitOpenFor(Duration circuitOpenFor) {
    this.circuitOpenFor = circuitOpenFor;
  }

  @JsonProperty
  public Duration getMaxEntryTtl() {
    return maxEntryTtl;
  }

  @JsonProperty
  public void setMaxEntryTtl(Duration maxEntryTtl) {
    this.maxEntryTtl = maxEntryTtl;
  }

  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url;
  }

  @JsonProperty
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @JsonProperty
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  @JsonProperty
  public Duration getSocketTimeout() {
    return socketTimeout;
  }

  @JsonProperty
  public void setSocketTimeout(Duration socketTimeout) {
    this.socketTimeout = socketTimeout;
  }

  @JsonProperty
  public int getMaxConnections() {
    return maxConnections;
  }

  @JsonProperty
  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  @JsonProperty
  public String getClusterNodes() {
    return clusterNodes;
  }

  @JsonProperty
  public void setClusterNodes(String clusterNodes) {
    this.clusterNodes = clusterNodes;
  }

  @JsonProperty
  public String getPassword() {
    return password;
  }

  @JsonProperty
  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isCluster() {
    return clusterNodes != null && !clusterNodes.isBlank();
  }

  public boolean isEmbedded() {
    return !isCluster() && "embedded".equals(url);
  }

  public boolean isDisabled() {
    return !isCluster() && "none".equals(url);
  }

  /** The caches every instance shares, and what else they share (write positions, allowances). */
  public record SharedTier(SharedCache cache, SharedCounters counters) {}

  /**
   * The shared tier: Redis (its client and invalidation bus tied to the lifecycle, a non-critical
   * health check), or none when disabled.
   */
  /**
   * @param catalogKeySecret keys the catalog's Redis entries (HMAC); the same on every instance
   */
  public SharedTier build(
      Environment environment,
      AdapterMetrics metrics,
      Clock clock,
      Tracing tracing,
      ChangeLog changeLog,
      byte[] catalogKeySecret) {
    if (isDisabled()) {
      environment.healthChecks().register("redis", RedisHealthCheck.disabled());
      return new SharedTier(SharedCache.none(), SharedCounters.local());
    }
    java.time.Duration connect = Durations.of(connectTimeout);
    java.time.Duration socket = Durations.of(socketTimeout);
    RedisConnections connections =
        isCluster()
            ? RedisConnections.cluster(clusterNodes, password, connect, socket)
            : RedisConnections.of(url, connect, socket);
    if (caCertificate != null && !caCertificate.isBlank()) {
      connections = connections.trusting(java.nio.file.Path.of(caCertificate));
    }
    if (tracing.recording()) {
      connections =
          connections.withCommandExecutor(
              commands -> new TracedCommandExecutor(commands, tracing.tracer()));
    }
    RedisSharedCache redis =
        new RedisSharedCache(
            connections,
            maxConnections,
            Durations.of(circuitOpenFor),
            Durations.of(maxEntryTtl),
            new RedisSharedCache.Settings(Durations.of(leaseTerm), maxWindowBytes),
            changeLog,
            clock,
            metrics,
            catalogKeySecret);
    environment.lifecycle().manage(new AutoCloseableManager(redis));
    environment.healthChecks().register("redis", new RedisHealthCheck(redis.client()));
    return new SharedTier(redis, redis);
  }
}
