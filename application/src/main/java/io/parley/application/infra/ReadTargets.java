package io.parley.application.infra;

/**
 * Where the reads of the calling thread's request ran, primary or replica, counted for the
 * per-endpoint metric {@code parley_http_reads_total{endpoint,target}}.
 */
public final class ReadTargets {
  private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[3]);

  private ReadTargets() {}

  /** The targets, in the order {@link #drain()} counts them. */
  public static final java.util.List<String> TARGETS =
      java.util.List.of("primary", "replica", "window");

  /** One read ran on {@code target}: "primary", "replica" or "window" (the Redis window). */
  public static void record(String target) {
    int index = TARGETS.indexOf(target);
    COUNTS.get()[index < 0 ? 0 : index]++;
  }

  /** The reads since the last call, by {@link #TARGETS}; then starts again. */
  public static long[] drain() {
    long[] counts = COUNTS.get();
    long[] drained = counts.clone();
    java.util.Arrays.fill(counts, 0);
    return drained;
  }
}
