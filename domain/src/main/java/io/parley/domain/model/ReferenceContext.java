package io.parley.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The numbered list a conversation last showed, as version {@code version} of that conversation's
 * contexts. It is current until a newer version supersedes it or {@code expiresAt} passes
 * (absolute: reads do not extend it).
 */
public record ReferenceContext(
    UUID id,
    ConversationId conversationId,
    long version,
    ListType listType,
    List<ReferenceItem> items,
    Instant createdAt,
    Instant expiresAt) {
  public static final int MAX_ITEMS = 50;

  public ReferenceContext {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(listType, "listType");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    items = List.copyOf(items);
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
  }

  public boolean isActiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
