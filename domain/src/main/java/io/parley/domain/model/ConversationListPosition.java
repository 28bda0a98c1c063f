package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/** The last conversation of a listing page; the next page starts after it. */
public record ConversationListPosition(Instant updatedAt, ConversationId id) {
  public ConversationListPosition {
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(id, "id");
  }
}
