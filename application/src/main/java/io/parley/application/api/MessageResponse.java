package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.parley.domain.model.Message;
import java.time.Instant;

/** A message as the API shows it; the payload is written back as the JSON it was stored as. */
public record MessageResponse(
    String id,
    long seq,
    String conversationId,
    String direction,
    String type,
    String text,
    @JsonRawValue String payload,
    String providerMessageId,
    Instant createdAt) {

  static MessageResponse from(Message m) {
    return new MessageResponse(
        m.id().toString(),
        m.seq(),
        m.conversationId().toString(),
        m.direction().wireName(),
        m.type().wireName(),
        m.text(),
        m.payloadJson(),
        m.providerMessageId(),
        m.createdAt());
  }
}
