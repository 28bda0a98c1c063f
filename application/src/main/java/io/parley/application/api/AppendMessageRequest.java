package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST .../messages}. */
public record AppendMessageRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.DIRECTION)
        String direction,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.MESSAGE_TYPE)
        String type,
    @Schema(description = "The message text; may be absent for media") String text,
    @Schema(
            type = "object",
            nullable = true,
            description = "Anything the channel carries, stored as given")
        JsonNode payload,
    String providerMessageId,
    @Schema(
            format = "date-time",
            description =
                "The provider's timestamp of the message (RFC 3339; not before"
                    + " 2000-01-01T00:00:00Z and at most 5 minutes in the future); defaults to the"
                    + " time it arrives. Order and seq stay arrival order.")
        String sentAt) {}
