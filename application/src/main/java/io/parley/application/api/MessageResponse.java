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
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The provider's time of the message; createdAt when none was given")
        Instant sentAt,
    @Schema(
            nullable = true,
            allowableValues = WireEnums.DELIVERY_STATUS,
            description =
                "The highest delivery status reported (sent < delivered < failed < read), null"
                    + " until one arrives")
        String deliveryStatus,
    @Schema(nullable = true, description = "The provider's time of that status")
        Instant deliveryStatusAt,
    @Schema(nullable = true, description = "The provider's error of a failed delivery")
        DeliveryErrorResponse deliveryError) {

  /** A failed delivery's error as the provider gave it. */
  public record DeliveryErrorResponse(String code, String title) {}

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
        m.createdAt(),
        m.sentAt(),
        m.delivery() == null ? null : m.delivery().status().wireName(),
        m.delivery() == null ? null : m.delivery().at(),
        m.delivery() == null
                || m.delivery().errorCode() == null && m.delivery().errorTitle() == null
            ? null
            : new DeliveryErrorResponse(m.delivery().errorCode(), m.delivery().errorTitle()));
  }
}
