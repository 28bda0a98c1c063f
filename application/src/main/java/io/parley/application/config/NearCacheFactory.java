package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
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
}
