package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Tenant API keys: how many each tenant may hold, how often their last use is written. */
public class KeysFactory {
  /** Live (unrevoked) keys per tenant; issuing past it answers 422. */
  @Min(1)
  @Max(10_000)
  private int maxPerTenant = 50;

  /** How often the buffered last-used times are written (each key at most once a minute). */
  @NotNull private Duration usageFlushInterval = Duration.seconds(10);

  @JsonProperty
  public int getMaxPerTenant() {
    return maxPerTenant;
  }

  @JsonProperty
  public void setMaxPerTenant(int maxPerTenant) {
    this.maxPerTenant = maxPerTenant;
  }

  @JsonProperty
  public Duration getUsageFlushInterval() {
    return usageFlushInterval;
  }

  @JsonProperty
  public void setUsageFlushInterval(Duration usageFlushInterval) {
    this.usageFlushInterval = usageFlushInterval;
  }
}
