package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Delivery statuses: how long one that arrives before its message is held for it. */
public class StatusFactory {
  @NotNull private Duration pendingTtl = Duration.hours(24);

  @JsonProperty
  public Duration getPendingTtl() {
    return pendingTtl;
  }

  @JsonProperty
  public void setPendingTtl(Duration pendingTtl) {
    this.pendingTtl = pendingTtl;
  }
}
