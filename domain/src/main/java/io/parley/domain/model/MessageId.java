package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a message. */
public record MessageId(UUID value) {
  public MessageId {
    Objects.requireNonNull(value, "message id");
  }

  public static MessageId of(String text) {
    return new MessageId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
