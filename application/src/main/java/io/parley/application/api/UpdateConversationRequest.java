package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code PATCH .../conversations/{id}}; absent fields are left as they are. */
public record UpdateConversationRequest(
    @Schema(allowableValues = {"open", "bot", "handoff", "closed", "dormant"}) String status,
    String summary,
    List<String> keyFacts) {}
