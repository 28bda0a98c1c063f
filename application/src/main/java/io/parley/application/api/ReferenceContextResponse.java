package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.application.infra.JsonSettings;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** A reference context as the API shows it: each item as given, with its position first. */
public record ReferenceContextResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String contextId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long version,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String listType,
    @ArraySchema(schema = @Schema(ref = "#/components/schemas/ReferenceItem")) List<RawValue> items,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant expiresAt,
    @Schema(description = "The outbound message that showed the list", nullable = true)
        String providerMessageId) {
  private static final ObjectMapper JSON = JsonSettings.exactNumbers();

  static ReferenceContextResponse from(ReferenceContext c) {
    return new ReferenceContextResponse(
        c.id().toString(),
        c.version(),
        c.listType().wireName(),
        RenderedJson.each(c.items(), ReferenceContextResponse::item),
        c.createdAt(),
        c.expiresAt(),
        c.providerMessageId());
  }

  static JsonNode item(ReferenceItem item) {
    try {
      ObjectNode given = (ObjectNode) JSON.readTree(item.json());
      ObjectNode shown = JSON.createObjectNode().put("position", item.position());
      given.remove("position");
      shown.setAll(given);
      return shown;
    } catch (IOException e) {
      throw new UncheckedIOException("stored items are JSON objects", e);
    }
  }
}
