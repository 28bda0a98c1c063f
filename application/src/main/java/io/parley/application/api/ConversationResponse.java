package io.parley.application.api;

import io.parley.domain.model.Conversation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A conversation as the API shows it. */
public record ConversationResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tenantId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String channel,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String status,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CustomerResponse customer,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long messageCount,
    String summary,
    List<String> keyFacts,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant updatedAt,
    @Schema(
            nullable = true,
            description =
                "The newest customer_inbound message's sentAt (null before the customer writes)")
        Instant lastInboundAt,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) HandoffResponse handoff) {

  /**
   * The human handoff as it stands at the read: active while one holds (status is then handoff),
   * else {"active": false} with the other fields null.
   */
  public record HandoffResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean active,
      String assignee,
      @Schema(description = "Why it began; agent_message when an agent's message started it")
          String reason,
      Instant since,
      @Schema(description = "When it ends by itself, if set") Instant until) {
    static HandoffResponse from(io.parley.domain.model.Handoff h) {
      return h == null
          ? new HandoffResponse(false, null, null, null, null)
          : new HandoffResponse(true, h.assignee(), h.reason(), h.since(), h.until());
    }
  }

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
        c.updatedAt(),
        c.lastInboundAt(),
        HandoffResponse.from(c.handoff()));
  }
}
