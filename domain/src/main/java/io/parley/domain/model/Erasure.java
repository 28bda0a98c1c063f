package io.parley.domain.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An erasure as its audit row keeps it: its id, what was erased (a customer, or a whole tenant) and
 * how much, when it was asked for and when it completed (null while it runs). It holds no personal
 * data: not the customer's id, address or name.
 */
public record Erasure(
    UUID id,
    Kind kind,
    boolean completed,
    long conversations,
    long messages,
    long referenceContexts,
    Instant requestedAt,
    Instant completedAt) {

  /** What an erasure removes. */
  public enum Kind {
    CUSTOMER,
    TENANT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
