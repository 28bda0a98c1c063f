package io.parley.domain.model;

import java.util.Locale;

/**
 * Where an outbound message's delivery stands, in the order a later status overrides an earlier
 * one: sent, delivered, failed, read ({@link #rank}). A read message was delivered even when its
 * "delivered" never came; a failure after "read" is a provider's late echo and does not undo it.
 */
public enum DeliveryStatus {
  SENT(1),
  DELIVERED(2),
  FAILED(3),
  READ(4);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** 1 to 4: the higher wins. */
  public int rank() {
    return rank;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus ofRank(int rank) {
    for (DeliveryStatus status : values()) {
      if (status.rank == rank) {
        return status;
      }
    }
    throw new IllegalArgumentException("no delivery status has rank " + rank);
  }

  public static DeliveryStatus parse(String field, String text) {
    return WireNames.parse(DeliveryStatus.class, field, text);
  }
}
