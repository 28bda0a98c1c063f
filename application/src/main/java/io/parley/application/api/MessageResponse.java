package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.parley.domain.model.Message;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A message as the API shows it; the payload is written back as the JSON it was stored as. */
public record MessageResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long seq,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String conversationId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String direction,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
    String text,
    @Schema(implementation = Object.class, description = "The payload as stored") @JsonRawValue
        String payload,
    String providerMessageId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt) {

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
