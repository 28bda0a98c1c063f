package io.parley.application.infra;

/**
 * Where the reads of the calling thread's request ran, primary or replica, counted for the
 * per-endpoint metric {@code parley_http_reads_total{endpoint,target}}.
 */
public final class ReadTargets {
  private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[2]);

  private ReadTargets() {}

  /** One read ran on {@code target} ("primary" or "replica"). */
  public static void record(String target) {
    COUNTS.get()["replica".equals(target) ? 1 : 0]++;
  }

  /** The reads since the last call, {primary, replica}; then starts again. */
  public static long[] drain() {
    long[] counts = COUNTS.get();
    long[] drained = {counts[0], counts[1]};
    counts[0] = 0;
    counts[1] = 0;
    return drained;
  }
}
