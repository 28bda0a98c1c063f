package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies a conversation. */
public record ConversationId(UUID value) {
  public ConversationId {
    Objects.requireNonNull(value, "conversation id");
  }

  public static ConversationId of(String text) {
    return new ConversationId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
