package io.parley.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A conversation with one customer on one channel, with the bot's running summary; {@code
 * lastInboundAt} is the newest customer message's provider time (null before the first).
 */
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
    Instant updatedAt,
    Instant lastInboundAt,
    Handoff handoff) {
  /** A conversation whose customer has not written yet. */
  public Conversation(
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
    this(
        id,
        tenantId,
        channel,
        status,
        customer,
        messageCount,
        summary,
        keyFacts,
        createdAt,
        updatedAt,
        null,
        null);
  }

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
    return withMessageAppended(at, lastInboundAt);
  }

  /**
   * This conversation once {@code message} is appended: as {@link #withMessageAppended(Instant)},
   * and a customer message sent later than the last one moves {@code lastInboundAt}.
   */
  public Conversation withMessageAppended(Message message) {
    boolean newerInbound =
        message.type() == MessageType.CUSTOMER_INBOUND
            && (lastInboundAt == null || message.sentAt().isAfter(lastInboundAt));
    return withMessageAppended(
        message.createdAt(), newerInbound ? message.sentAt() : lastInboundAt);
  }

  private Conversation withMessageAppended(Instant at, Instant lastInbound) {
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
        updatedAt.isAfter(at) ? updatedAt : at,
        lastInbound,
        handoff);
  }

  /**
   * This conversation as it stands at {@code now}: a stored handoff that has ended by itself (its
   * until or idle limit passed) is gone, and the status is the one it had when it began.
   */
  public Conversation asOf(Instant now) {
    if (handoff == null || handoff.activeAt(now)) {
      return this;
    }
    return with(handoff.priorStatus(), null);
  }

  /** Whether the bot may answer the customer at {@code now}. */
  public boolean botShouldReplyAt(Instant now) {
    Conversation current = asOf(now);
    return current.handoff == null
        && current.status != ConversationStatus.CLOSED
        && current.status != ConversationStatus.DORMANT;
  }

  /** This conversation with another status and handoff (null: none). */
  public Conversation with(ConversationStatus status, Handoff handoff) {
    return new Conversation(
        id,
        tenantId,
        channel,
        status,
        customer,
        messageCount,
        summary,
        keyFacts,
        createdAt,
        updatedAt,
        lastInboundAt,
        handoff);
  }

  /**
   * The conversation after a PATCH's status and handoff changes at {@code now} ({@code
   * idleMinutes}: the tenant's handoffIdleMinutes), as the contract relates them: status handoff
   * exactly while a handoff is active; ending one restores the status it began from; another status
   * ends it. Either change may be null. A change to an active handoff keeps the assignee, reason
   * and until it leaves out. A handoff does not start on a closed or dormant conversation (422).
   */
  public Conversation changed(
      ConversationStatus newStatus, HandoffChange change, Instant now, Integer idleMinutes) {
    Conversation current = asOf(now);
    if (change == null && newStatus == ConversationStatus.HANDOFF) {
      if (current.handoff != null) {
        return current;
      }
      change = new HandoffChange(true, null, null, null);
    }
    if (change != null && change.active()) {
      if (current.handoff == null
          && (current.status == ConversationStatus.CLOSED
              || current.status == ConversationStatus.DORMANT)) {
        // Its stored status would read handoff: get-or-create would hand the customer this
        // conversation again, and retention would pass it by, also once the handoff ended.
        throw new InvalidInputException(
            "handoff",
            "cannot start on a "
                + current.status.name().toLowerCase(java.util.Locale.ROOT)
                + " conversation (the customer's next message starts a new one)");
      }
      Handoff held = current.handoff;
      Handoff next =
          held == null
              ? new Handoff(
                  now,
                  change.assignee(),
                  change.reason(),
                  change.until(),
                  now,
                  current.status,
                  idleMinutes)
              : new Handoff(
                  held.since(),
                  change.assignee() != null ? change.assignee() : held.assignee(),
                  change.reason() != null ? change.reason() : held.reason(),
                  change.until() != null ? change.until() : held.until(),
                  held.agentAt(),
                  held.priorStatus(),
                  held.idleMinutes());
      return current.with(ConversationStatus.HANDOFF, next);
    }
    if (change != null) {
      ConversationStatus back =
          current.handoff == null ? current.status : current.handoff.priorStatus();
      return current.with(newStatus == null ? back : newStatus, null);
    }
    if (newStatus != null) {
      return current.with(newStatus, null);
    }
    return current;
  }

  /**
   * After a {@code manual_outbound} message sent at {@code sentAt} is appended at {@code now}: a
   * recent one starts a handoff (reason agent_message) unless one is active or the conversation is
   * closed or dormant; one during an active handoff moves its idle clock.
   */
  public Conversation withAgentMessage(Instant sentAt, Instant now, Integer idleMinutes) {
    Conversation current = asOf(now);
    if (current.handoff != null) {
      Handoff h = current.handoff;
      Instant agentAt = sentAt.isAfter(h.agentAt()) ? sentAt : h.agentAt();
      return current.with(
          ConversationStatus.HANDOFF,
          new Handoff(
              h.since(),
              h.assignee(),
              h.reason(),
              h.until(),
              agentAt,
              h.priorStatus(),
              idleMinutes));
    }
    if (!Handoff.startedBy(MessageType.MANUAL_OUTBOUND, sentAt, now)
        || !current.status.isActive()) {
      return this;
    }
    return current.with(
        ConversationStatus.HANDOFF,
        new Handoff(now, null, Handoff.AGENT_MESSAGE, null, sentAt, current.status, idleMinutes));
  }

  /** A PATCH's handoff object: start (or change) one, or end it. */
  public record HandoffChange(boolean active, String assignee, String reason, Instant until) {}
}
