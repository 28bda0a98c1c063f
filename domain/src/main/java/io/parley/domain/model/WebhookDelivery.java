package io.parley.domain.model;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One event's delivery to one webhook. */
public record WebhookDelivery(
    long position,
    UUID eventId,
    WebhookEvent type,
    State status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant deliveredAt) {

  /**
   * pending: not tried yet (or replayed); failed: tried, retried later; delivered: a 2xx came back;
   * dead: retried for webhooks.retryFor without success (replayable).
   */
  public enum State {
    PENDING,
    FAILED,
    DELIVERED,
    DEAD;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State parse(String field, String text) {
      return WireNames.parse(State.class, field, text);
    }
  }
}
