package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of conversations; {@code nextCursor} is null on the last page. */
public record ConversationListResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ConversationResponse> conversations,
    String nextCursor) {}
