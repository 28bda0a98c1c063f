package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A human agent's hold on a conversation, as stored: since when, by whom and why, the status to
 * return to, and when it ends by itself: at {@code until}, or {@code idleMinutes} after the agent's
 * last message ({@code agentAt}; the tenant's handoffIdleMinutes when the handoff began or the
 * agent last wrote). Whether it still holds is decided at read time ({@link #activeAt}), so no
 * sweeper has to end it.
 */
public record Handoff(
    Instant since,
    String assignee,
    String reason,
    Instant until,
    Instant agentAt,
    ConversationStatus priorStatus,
    Integer idleMinutes) {
  /** A manual_outbound message sent longer ago than this starts no handoff (a history sync). */
  public static final Duration AGENT_MESSAGE_RECENCY = Duration.ofHours(24);

  public static final String AGENT_MESSAGE = "agent_message";

  public Handoff {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(priorStatus, "priorStatus");
    agentAt = agentAt == null ? since : agentAt;
  }

  /** When it ends by itself (the earlier of until and the idle limit), or null for never. */
  public Instant endsAt() {
    Instant idle = idleMinutes == null ? null : agentAt.plus(Duration.ofMinutes(idleMinutes));
    if (until == null) {
      return idle;
    }
    return idle == null || until.isBefore(idle) ? until : idle;
  }

  public boolean activeAt(Instant now) {
    Instant end = endsAt();
    return end == null || now.isBefore(end);
  }

  /** Whether a manual_outbound message sent at {@code sentAt} starts a handoff at {@code now}. */
  public static boolean startedBy(MessageType type, Instant sentAt, Instant now) {
    return type == MessageType.MANUAL_OUTBOUND
        && !sentAt.isBefore(now.minus(AGENT_MESSAGE_RECENCY));
  }
}
