package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored message. {@code seq} numbers a conversation's messages 1, 2, 3... in arrival order;
 * {@code payloadJson} is the client's JSON object as text, or null; {@code sentAt} is the
 * provider's time (else the arrival time); {@code delivery} the standing delivery status, or null.
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
    Instant createdAt,
    Instant sentAt,
    Delivery delivery) {
  public static final int MAX_TEXT_LENGTH = 10_000;

  /** A message sent when it arrived, without a delivery status. */
  public Message(
      MessageId id,
      ConversationId conversationId,
      long seq,
      Direction direction,
      MessageType type,
      String text,
      String payloadJson,
      String providerMessageId,
      Instant createdAt) {
    this(
        id,
        conversationId,
        seq,
        direction,
        type,
        text,
        payloadJson,
        providerMessageId,
        createdAt,
        createdAt,
        null);
  }

  public Message {
    sentAt = sentAt == null ? createdAt : sentAt;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** This message with {@code report} applied if it wins over the standing status. */
  public Message withDelivery(Delivery report) {
    Delivery standing = Delivery.standing(delivery, report);
    return standing == delivery
        ? this
        : new Message(
            id,
            conversationId,
            seq,
            direction,
            type,
            text,
            payloadJson,
            providerMessageId,
            createdAt,
            sentAt,
            standing);
  }
}
