package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The customer-service window: free-form replies are allowed while less than 24 hours have passed
 * since the customer's last message; after it, only templates. {@code expiresAt} is null when the
 * customer never wrote.
 */
public record ServiceWindow(boolean open, Instant expiresAt) {
  public static final Duration LENGTH = Duration.ofHours(24);

  /** The window at {@code now} after a last inbound message sent at {@code lastInboundAt}. */
  public static ServiceWindow at(Instant lastInboundAt, Instant now) {
    if (lastInboundAt == null) {
      return new ServiceWindow(false, null);
    }
    Instant expiresAt = lastInboundAt.plus(LENGTH);
    return new ServiceWindow(now.isBefore(expiresAt), expiresAt);
  }
}
