package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.NearCaches;
import io.parley.adapters.cache.SharedCache;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.application.infra.CacheMetrics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Bounds of the in-process (L1) caches: the TTL is the staleness bound across instances. */
public class NearCacheFactory {
  @NotNull private Duration ttl = Duration.seconds(5);

  @Min(1)
  @Max(10_000_000)
  private long maxEntries = 100_000;

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
  public long getMaxEntries() {
    return maxEntries;
  }

  @JsonProperty
  public void setMaxEntries(long maxEntries) {
    this.maxEntries = maxEntries;
  }

  public java.time.Duration ttlAsJavaTime() {
    return java.time.Duration.ofNanos(ttl.toNanoseconds());
  }

  /**
   * The near-caches over the shared tier over PostgreSQL, each cache's hits and misses as metrics,
   * kept coherent with the other instances by the shared tier.
   */
  public NearCaches build(Environment environment, SharedCache shared, PostgresAdapters postgres) {
    NearCacheSettings settings =
        new NearCacheSettings(
            ttlAsJavaTime(),
            maxEntries,
            Ticker.systemTicker(),
            name -> new CacheMetrics(environment.metrics(), "cache." + name + ".l1"));
    return new NearCaches(
        shared.apiKeys(postgres.apiKeys()),
        shared.referenceContexts(postgres.referenceContexts()),
        shared.catalog(postgres.versionedCatalog()),
        settings,
        shared.coherence());
  }
}
