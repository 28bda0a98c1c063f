package io.parley.application.api;

import java.util.List;

/**
 * A cursor page of messages. {@code nextCursor} continues in the direction of this page (null when
 * nothing more is there now); {@code prevCursor} goes back the other way from this page's first
 * message (null on an empty page), so a client can walk both ways or poll for new messages.
 */
public record MessageSliceResponse(
    List<MessageResponse> messages, String nextCursor, String prevCursor, boolean hasMore) {}
