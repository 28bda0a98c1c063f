package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored message. {@code seq} numbers a conversation's messages 1, 2, 3... in arrival order;
 * {@code payloadJson} is the client's JSON object as text, or null.
 */
public record Message(
    MessageId id,
    ConversationId conversationId,
    long seq,
    Direction direction,
    MessageType type,
    String text,
    String payloadJson,
    String providerMessageId,
    Instant createdAt) {
  public static final int MAX_TEXT_LENGTH = 10_000;

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
