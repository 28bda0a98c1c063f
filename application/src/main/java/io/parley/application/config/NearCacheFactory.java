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
