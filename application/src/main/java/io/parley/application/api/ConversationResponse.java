package io.parley.application.api;

import io.parley.domain.model.Conversation;
import java.time.Instant;
import java.util.List;

/** A conversation as the API shows it. */
public record ConversationResponse(
    String id,
    String tenantId,
    String channel,
    String status,
    CustomerResponse customer,
    long messageCount,
    String summary,
    List<String> keyFacts,
    Instant createdAt,
    Instant updatedAt) {

  /** The conversation's customer. */
  public record CustomerResponse(String id, String address, String name, String language) {}

  static ConversationResponse from(Conversation c) {
    return new ConversationResponse(
        c.id().toString(),
        c.tenantId().toString(),
        c.channel(),
        c.status().wireName(),
        new CustomerResponse(
            c.customer().id().toString(),
            c.customer().address(),
            c.customer().name(),
            c.customer().language()),
        c.messageCount(),
        c.summary(),
        c.keyFacts(),
        c.createdAt(),
        c.updatedAt());
  }
}
