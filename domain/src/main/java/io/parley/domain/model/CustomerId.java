package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a customer. */
public record CustomerId(UUID value) {
  public CustomerId {
    Objects.requireNonNull(value, "customer id");
  }

  public static CustomerId of(String text) {
    return new CustomerId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
