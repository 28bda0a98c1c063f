package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST .../conversations}: get-or-create by customer and channel. */
public record StartConversationRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "whatsapp") String channel,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Customer customer) {
  /** The customer, found or created by (channel, address). */
  public record Customer(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "The customer's address on the channel (a phone number for WhatsApp)",
              example = "+254700000001")
          String address,
      String name,
      @Schema(example = "sw") String language) {}
}
