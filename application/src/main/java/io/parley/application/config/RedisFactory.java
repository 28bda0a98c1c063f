package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * Where Redis is: {@code embedded} (started in-process), {@code none} (near-cache only), or a URL.
 */
public class RedisFactory {
  @NotEmpty private String url = "embedded";
  @NotNull private Duration connectTimeout = Duration.milliseconds(250);
  @NotNull private Duration socketTimeout = Duration.milliseconds(100);

  @Min(1)
  @Max(1024)
  private int maxConnections = 32;

  /** How long the circuit stays open before Redis is tried again. */
  @NotNull private Duration circuitOpenFor = Duration.seconds(1);

  /** The longest any entry lives in Redis (a bound on staleness if a repair is lost). */
  @NotNull private Duration maxEntryTtl = Duration.minutes(10);

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

  public boolean isEmbedded() {
    return "embedded".equals(url);
  }

  public boolean isDisabled() {
    return "none".equals(url);
  }
}
