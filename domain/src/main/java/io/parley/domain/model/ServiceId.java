package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a catalog service. */
public record ServiceId(UUID value) {
  public ServiceId {
    Objects.requireNonNull(value, "service id");
  }

  public static ServiceId of(String text) {
    return new ServiceId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
