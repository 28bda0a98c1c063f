package io.parley.application.api;

import java.util.List;

/** A numbered page of messages with the filtered totals. */
public record MessagePageResponse(
    List<MessageResponse> messages,
    int page,
    int pageSize,
    long totalMessages,
    long totalPages,
    boolean hasNext,
    boolean hasPrevious) {}
