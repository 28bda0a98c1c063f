package io.parley.domain.port.out;

import java.time.Duration;

/**
 * Admits requests against named allowances of {@code burst} requests per {@code period} (a steady
 * rate, bursts up to a period's worth); one allowance is shared by every instance when the store
 * behind it is.
 */
public interface RequestLimiter {
  /** Takes one request from the allowance, or says how long until one would be admitted. */
  Admission admit(String allowance, int burst, Duration period);

  /** Admitted, or refused with the time to wait. */
  record Admission(boolean admitted, Duration retryAfter) {
    public static final Admission ADMITTED = new Admission(true, Duration.ZERO);

    /** Whole seconds to wait, at least one: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }
}
