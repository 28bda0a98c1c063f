package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The HTTP API's keys and limits. */
public class ApiFactory {
  /** The operator's key; empty: generated at start (and kept in the embedded data directory). */
  private String adminKey = "";

  /** Also admits a Prometheus scraper to admin /prometheus (and nothing else); empty: none. */
  private String metricsToken = "";

  @JsonProperty
  public String getMetricsToken() {
    return metricsToken;
  }

  @JsonProperty
  public void setMetricsToken(String metricsToken) {
    this.metricsToken = metricsToken == null ? "" : metricsToken;
  }

  /** Signs paging cursors; empty: derived from the admin key. Share it across instances. */
  private String cursorSecret = "";

  /** The largest page by default; the OpenAPI document states it as the limits' maximum. */
  public static final int DEFAULT_MAX_PAGE_SIZE = 200;

  @Min(1)
  @Max(10_000)
  private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;

  @NotNull private DataSize maxBodySize = DataSize.megabytes(1);

  /** The JSON of held messages, products and items kept rendered (estimated heap). */
  @NotNull private DataSize maxRenderedJsonBytes = DataSize.mebibytes(24);

  /** Requests slower than this are logged (endpoint, status, duration, statement count). */
  @NotNull
  private io.dropwizard.util.Duration slowRequestThreshold =
      io.dropwizard.util.Duration.milliseconds(250);

  /** Requests per second each tenant may make (bursts up to a second's worth); 0 turns it off. */
  @Min(0)
  private int tenantRequestsPerSecond = 0;

  /** Failed authentications per client address and minute before 429s; 0 turns it off. */
  @Min(0)
  private int failedAuthenticationsPerMinute = 30;

  @JsonProperty
  public int getFailedAuthenticationsPerMinute() {
    return failedAuthenticationsPerMinute;
  }

  @JsonProperty
  public void setFailedAuthenticationsPerMinute(int failedAuthenticationsPerMinute) {
    this.failedAuthenticationsPerMinute = failedAuthenticationsPerMinute;
  }

  @JsonProperty
  public int getTenantRequestsPerSecond() {
    return tenantRequestsPerSecond;
  }

  @JsonProperty
  public void setTenantRequestsPerSecond(int tenantRequestsPerSecond) {
    this.tenantRequestsPerSecond = tenantRequestsPerSecond;
  }

  @JsonProperty
  public io.dropwizard.util.Duration getSlowRequestThreshold() {
    return slowRequestThreshold;
  }

  @JsonProperty
  public void setSlowRequestThreshold(io.dropwizard.util.Duration slowRequestThreshold) {
    this.slowRequestThreshold = slowRequestThreshold;
  }

  @JsonProperty
  public String getAdminKey() {
    return adminKey;
  }

  @JsonProperty
  public void setAdminKey(String adminKey) {
    this.adminKey = adminKey == null ? "" : adminKey;
  }

  @JsonProperty
  public String getCursorSecret() {
    return cursorSecret;
  }

  @JsonProperty
  public void setCursorSecret(String cursorSecret) {
    this.cursorSecret = cursorSecret == null ? "" : cursorSecret;
  }

  @JsonProperty
  public int getMaxPageSize() {
    return maxPageSize;
  }

  @JsonProperty
  public void setMaxPageSize(int maxPageSize) {
    this.maxPageSize = maxPageSize;
  }

  @JsonProperty
  public DataSize getMaxBodySize() {
    return maxBodySize;
  }

  @JsonProperty
  public void setMaxBodySize(DataSize maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  @JsonProperty
  public DataSize getMaxRenderedJsonBytes() {
    return maxRenderedJsonBytes;
  }

  @JsonProperty
  public void setMaxRenderedJsonBytes(DataSize maxRenderedJsonBytes) {
    this.maxRenderedJsonBytes = maxRenderedJsonBytes;
  }

  @Override
  public String toString() {
    return "ApiFactory[maxPageSize=" + maxPageSize + ", maxBodySize=" + maxBodySize + "]";
  }
}
