package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a tenant. */
public record TenantId(UUID value) {
  public TenantId {
    Objects.requireNonNull(value, "tenant id");
  }

  public static TenantId of(String text) {
    return new TenantId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
