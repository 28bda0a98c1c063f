package io.parley.adapters;

import java.util.function.Supplier;

/**
 * The few metrics the adapters report (cache tiers, invalidations, circuit state), without tying
 * them to a metrics library: the application backs this with Dropwizard Metrics.
 */
public interface AdapterMetrics {
  void increment(String name);

  void time(String name, long nanos);

  void gauge(String name, Supplier<Number> value);

  /**
   * One read of the calling thread's request was served by {@code target} ("window": a conversation
   * window held in a cache tier), for the per-endpoint count of where reads ran.
   */
  default void readFrom(String target) {}

  /** Reports nothing; for tests and tools. */
  static AdapterMetrics none() {
    return new AdapterMetrics() {
      @Override
      public void increment(String name) {}

      @Override
      public void time(String name, long nanos) {}

      @Override
      public void gauge(String name, Supplier<Number> value) {}
    };
  }
}
