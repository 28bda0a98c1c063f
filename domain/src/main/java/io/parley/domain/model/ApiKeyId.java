package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies an API key. */
public record ApiKeyId(UUID value) {
  public ApiKeyId {
    Objects.requireNonNull(value, "API key id");
  }

  public static ApiKeyId of(String text) {
    return new ApiKeyId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
