package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Catalog options: how many tenants' opening suggestions to load into the caches at start. */
public class CatalogFactory {
  @Min(0)
  @Max(100_000)
  private int warmUpTenants = 0;

  @JsonProperty
  public int getWarmUpTenants() {
    return warmUpTenants;
  }

  @JsonProperty
  public void setWarmUpTenants(int warmUpTenants) {
    this.warmUpTenants = warmUpTenants;
  }
}
