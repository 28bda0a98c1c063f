package io.parley.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A conversation with one customer on one channel, with the bot's running summary. */
public record Conversation(
    ConversationId id,
    TenantId tenantId,
    String channel,
    ConversationStatus status,
    Customer customer,
    long messageCount,
    String summary,
    List<String> keyFacts,
    Instant createdAt,
    Instant updatedAt) {
  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(customer, "customer");
    keyFacts = List.copyOf(keyFacts);
  }

  /**
   * This conversation once a message created at {@code at} is appended: one more message, updated
   * at the later of the two times (what the append statement does to the conversation row).
   */
  public Conversation withMessageAppended(Instant at) {
    return new Conversation(
        id,
        tenantId,
        channel,
        status,
        customer,
        messageCount + 1,
        summary,
        keyFacts,
        createdAt,
        updatedAt.isAfter(at) ? updatedAt : at);
  }
}
