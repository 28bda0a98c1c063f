package io.parley.application.api;

import java.util.List;

/** One page of conversations; {@code nextCursor} is null on the last page. */
public record ConversationListResponse(
    List<ConversationResponse> conversations, String nextCursor) {}
