package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer as a look-up shows them: who they are, how many conversations they have had, when they
 * were first and last seen (the latest activity of any of their conversations).
 */
public record CustomerProfile(
    Customer customer, long conversationCount, Instant createdAt, Instant lastSeenAt) {
  public CustomerProfile {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
  }
}
