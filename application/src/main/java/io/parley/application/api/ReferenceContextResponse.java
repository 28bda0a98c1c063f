package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** A reference context as the API shows it: each item as given, with its position first. */
public record ReferenceContextResponse(
    String contextId,
    long version,
    String listType,
    List<JsonNode> items,
    Instant createdAt,
    Instant expiresAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ReferenceContextResponse from(ReferenceContext c) {
    return new ReferenceContextResponse(
        c.id().toString(),
        c.version(),
        c.listType().wireName(),
        c.items().stream().map(ReferenceContextResponse::item).toList(),
        c.createdAt(),
        c.expiresAt());
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
