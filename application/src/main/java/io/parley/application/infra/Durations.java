package io.parley.application.infra;

import java.time.Duration;

/** Dropwizard's configuration durations as java.time ones. */
public final class Durations {
  private Durations() {}

  public static Duration of(io.dropwizard.util.Duration duration) {
    return Duration.ofNanos(duration.toNanoseconds());
  }
}
