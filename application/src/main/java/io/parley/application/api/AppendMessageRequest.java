package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST .../messages}. */
public record AppendMessageRequest(
    String direction, String type, String text, JsonNode payload, String providerMessageId) {}
