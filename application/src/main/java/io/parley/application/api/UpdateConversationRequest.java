package io.parley.application.api;

import java.util.List;

/** Body of {@code PATCH .../conversations/{id}}; absent fields are left as they are. */
public record UpdateConversationRequest(String status, String summary, List<String> keyFacts) {}
