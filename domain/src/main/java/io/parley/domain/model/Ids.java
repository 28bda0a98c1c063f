package io.parley.domain.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Time-ordered UUIDs (version 7), so new rows land at the right edge of B-tree indexes. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static UUID next(Clock clock) {
    long millis = clock.millis();
    long random = RANDOM.nextLong();
    long high = (millis << 16) | 0x7000L | ((random >>> 52) & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
