package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Lifetimes of reference contexts: the default when a PUT gives none, and the most it may ask. */
public class ReferenceContextFactory {
  @NotNull private Duration defaultTtl = Duration.seconds(300);
  @NotNull private Duration maxTtl = Duration.hours(24);

  @JsonProperty
  public Duration getDefaultTtl() {
    return defaultTtl;
  }

  @JsonProperty
  public void setDefaultTtl(Duration defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  @JsonProperty
  public Duration getMaxTtl() {
    return maxTtl;
  }

  @JsonProperty
  public void setMaxTtl(Duration maxTtl) {
    this.maxTtl = maxTtl;
  }
}
