package io.parley.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The numbered list a conversation last showed, as version {@code version} of that conversation's
 * contexts. It is current until a newer version supersedes it or {@code expiresAt} passes
 * (absolute: reads do not extend it). {@code providerMessageId} names the outbound message that
 * showed it (null when not said): a reply quoting that message refers to this list.
 */
public record ReferenceContext(
    UUID id,
    ConversationId conversationId,
    long version,
    ListType listType,
    List<ReferenceItem> items,
    Instant createdAt,
    Instant expiresAt,
    String providerMessageId) {
  public static final int MAX_ITEMS = 50;

  /** The longest provider message id, as for messages. */
  public static final int MAX_PROVIDER_MESSAGE_ID = 255;

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

  /** A context no outbound message is known to have shown. */
  public ReferenceContext(
      UUID id,
      ConversationId conversationId,
      long version,
      ListType listType,
      List<ReferenceItem> items,
      Instant createdAt,
      Instant expiresAt) {
    this(id, conversationId, version, listType, items, createdAt, expiresAt, null);
  }

  public boolean isActiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** The item shown with this row id, if any. */
  public Optional<ReferenceItem> itemWithRowId(String rowId) {
    return items.stream().filter(item -> rowId.equals(item.rowId())).findFirst();
  }
}
