package io.parley.adapters.cache;

import java.time.Duration;
import java.util.List;

/**
 * Cache changes kept in PostgreSQL, for the ones the shared tier did not take: a writer cut off
 * from Redis, or one that died right after its commit, loses none of them. Every instance reads the
 * recent ones before it renews its cache lease (see {@link Coherence}).
 */
public interface ChangeLog {
  /** Records the changes in a transaction of their own. */
  void record(List<Invalidation> changes);

  /**
   * The changes recorded within {@code window}, and older ones no instance has applied to the
   * shared tier yet; oldest first.
   */
  List<Logged> recent(Duration window);

  /** Notes that these changes reached the shared tier. */
  void markApplied(List<Long> ids);

  /** Deletes the applied changes older than {@code age}; how many went. */
  int prune(Duration age);

  /** A recorded change and its row id. */
  record Logged(long id, Invalidation change) {}
}
