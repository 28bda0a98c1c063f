package io.parley.domain.model;

import java.time.Duration;

/** What one retention pass removed and changed, and how long it took. */
public record RetentionReport(
    long messages,
    long conversations,
    long referenceContexts,
    long dormantConversations,
    Duration took) {}
