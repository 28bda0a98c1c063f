package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a catalog product. */
public record ProductId(UUID value) {
  public ProductId {
    Objects.requireNonNull(value, "product id");
  }

  public static ProductId of(String text) {
    return new ProductId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
