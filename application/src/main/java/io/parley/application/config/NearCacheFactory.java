package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.application.infra.CacheMetrics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Bounds of the in-process (L1) caches: the TTL is the staleness bound across instances, and each
 * cache holds at most its {@link MaxBytes} of heap (entries weighed by their estimated size).
 */
public class NearCacheFactory {
  @NotNull private Duration ttl = Duration.seconds(5);

  @Valid @NotNull private MaxBytes maxBytes = new MaxBytes();

  /** The cache-efficiency health check warns under this combined reference-context hit ratio. */
  @jakarta.validation.constraints.DecimalMin("0.0")
  @jakarta.validation.constraints.DecimalMax("1.0")
  private double efficiencyThreshold = 0.7;

  @NotNull private Duration efficiencyWindow = Duration.minutes(5);

  @Min(1)
  private long efficiencyMinimumLookups = 1_000;

  @JsonProperty
  public double getEfficiencyThreshold() {
    return efficiencyThreshold;
  }

  @JsonProperty
  public void setEfficiencyThreshold(double efficiencyThreshold) {
    this.efficiencyThreshold = efficiencyThreshold;
  }

  @JsonProperty
  public Duration getEfficiencyWindow() {
    return efficiencyWindow;
  }

  @JsonProperty
  public void setEfficiencyWindow(Duration efficiencyWindow) {
    this.efficiencyWindow = efficiencyWindow;
  }

  @JsonProperty
  public long getEfficiencyMinimumLookups() {
    return efficiencyMinimumLookups;
  }

  @JsonProperty
  public void setEfficiencyMinimumLookups(long efficiencyMinimumLookups) {
    this.efficiencyMinimumLookups = efficiencyMinimumLookups;
  }

  @JsonProperty
  public Duration getTtl() {
    return ttl;
  }

  @JsonProperty
  public void setTtl(Duration ttl) {
    this.ttl = ttl;
  }

  @JsonProperty
  public MaxBytes getMaxBytes() {
    return maxBytes;
  }

  @JsonProperty
  public void setMaxBytes(MaxBytes maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The heap each near-cache may hold, by cache. */
  public static class MaxBytes {
    /** Key look-ups, known keys and unknown ones tried. */
    @NotNull private DataSize apiKeys = DataSize.mebibytes(8);

    /** Conversations' current reference lists. */
    @NotNull private DataSize referenceContexts = DataSize.mebibytes(24);

    /** Catalog results (pages, items, suggestion candidates) filed under the catalog's version. */
    @NotNull private DataSize catalog = DataSize.mebibytes(24);

    /** The catalog version each tenant was last seen at. */
    @NotNull private DataSize catalogVersions = DataSize.mebibytes(1);

    /** Conversation windows, decoded (estimated from their JSON); none are held without Redis. */
    @NotNull private DataSize windows = DataSize.mebibytes(64);

    long of(String cache) {
      DataSize size =
          switch (cache) {
            case "apiKeys" -> apiKeys;
            case "referenceContexts" -> referenceContexts;
            case "catalog" -> catalog;
            case "catalogVersions" -> catalogVersions;
            case "windows" -> windows;
            default -> throw new IllegalArgumentException("no near-cache named " + cache);
          };
      return size.toBytes();
    }

    @JsonProperty
    public DataSize getApiKeys() {
      return apiKeys;
    }

    @JsonProperty
    public void setApiKeys(DataSize apiKeys) {
      this.apiKeys = apiKeys;
    }

    @JsonProperty
    public DataSize getReferenceContexts() {
      return referenceContexts;
    }

    @JsonProperty
    public void setReferenceContexts(DataSize referenceContexts) {
      this.referenceContexts = referenceContexts;
    }

    @JsonProperty
    public DataSize getCatalog() {
      return catalog;
    }

    @JsonProperty
    public void setCatalog(DataSize catalog) {
      this.catalog = catalog;
    }

    @JsonProperty
    public DataSize getCatalogVersions() {
      return catalogVersions;
    }

    @JsonProperty
    public void setCatalogVersions(DataSize catalogVersions) {
      this.catalogVersions = catalogVersions;
    }

    @JsonProperty
    public DataSize getWindows() {
      return windows;
    }

    @JsonProperty
    public void setWindows(DataSize windows) {
      this.windows = windows;
    }
  }

  public java.time.Duration ttlAsJavaTime() {
    return java.time.Duration.ofNanos(ttl.toNanoseconds());
  }

  /** The near-caches' bounds, each cache's hits and misses as metrics. */
  public NearCacheSettings settings(Environment environment, AdapterMetrics metrics) {
    return new NearCacheSettings(
        ttlAsJavaTime(),
        maxBytes::of,
        Ticker.systemTicker(),
        name -> new CacheMetrics(environment.metrics(), "cache." + name + ".l1"),
        metrics);
  }
}
