package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The retention pass: how often it runs, how it deletes, how long replaced contexts are kept. */
public class RetentionFactory {
  /** Time between passes (each instance tries; the lease lets one run at a time). */
  @NotNull private Duration interval = Duration.hours(1);

  /** Reference-context versions superseded or expired longer ago than this are deleted. */
  @NotNull private Duration referenceContextGrace = Duration.days(1);

  /** Rows per statement. */
  @Min(1)
  @Max(100_000)
  private int batchSize = 1_000;

  /** How long a pass may hold the lease without renewing it (an instance that died lets go). */
  @NotNull private Duration leaseTtl = Duration.minutes(10);

  @JsonProperty
  public Duration getInterval() {
    return interval;
  }

  @JsonProperty
  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  @JsonProperty
  public Duration getReferenceContextGrace() {
    return referenceContextGrace;
  }

  @JsonProperty
  public void setReferenceContextGrace(Duration referenceContextGrace) {
    this.referenceContextGrace = referenceContextGrace;
  }

  @JsonProperty
  public int getBatchSize() {
    return batchSize;
  }

  @JsonProperty
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  @JsonProperty
  public Duration getLeaseTtl() {
    return leaseTtl;
  }

  @JsonProperty
  public void setLeaseTtl(Duration leaseTtl) {
    this.leaseTtl = leaseTtl;
  }
}
