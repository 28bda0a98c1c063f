package io.parley.domain.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A message's delivery status as the provider reported it: the status, its time and, for a failure,
 * the provider's error. Of several reports of one message the one {@link #winsOver} all the others
 * stands, whatever order they arrived in and however often.
 */
public record Delivery(DeliveryStatus status, Instant at, String errorCode, String errorTitle) {
  /**
   * The order reports are kept in: the higher status; of one status, the earlier time (when it
   * first happened); then the error, so that even two reports differing only there converge.
   */
  private static final Comparator<Delivery> PRECEDENCE =
      Comparator.comparingInt((Delivery d) -> d.status().rank())
          .thenComparing(Delivery::at, Comparator.reverseOrder())
          .thenComparing(d -> d.errorCode() == null ? "" : d.errorCode(), Comparator.reverseOrder())
          .thenComparing(
              d -> d.errorTitle() == null ? "" : d.errorTitle(), Comparator.reverseOrder());

  public Delivery {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
  }

  /** Whether this report replaces {@code current} (null: none yet). */
  public boolean winsOver(Delivery current) {
    return current == null || PRECEDENCE.compare(this, current) > 0;
  }

  /** The report that stands of the two (either may be null). */
  public static Delivery standing(Delivery a, Delivery b) {
    if (a == null) {
      return b;
    }
    return b != null && b.winsOver(a) ? b : a;
  }
}
