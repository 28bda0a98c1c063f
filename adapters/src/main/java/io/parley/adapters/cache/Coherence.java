package io.parley.adapters.cache;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How every instance's caches stay current with every acknowledged write, with no round trip on a
 * warm read (leases, after Chubby). An instance serves what its caches hold only while it holds a
 * lease: renewed every fraction of its term, and only after it has applied the change log and heard
 * its own heartbeat come back on the invalidation channel. A write, once committed, updates the
 * shared tier and returns only when every instance with a live lease has dropped what the write
 * replaced (it acknowledges) or that lease has ended; a write the shared tier did not take is
 * logged in PostgreSQL and waits one lease term, after which every lease still in force began after
 * the log had it.
 */
public interface Coherence {
  /** Whether this instance may serve what its caches (near and shared) hold now. */
  boolean trusted();

  /**
   * Whether this instance may serve what the shared tier holds for {@code tenant} now: {@link
   * #trusted()}, and no change of the tenant's that the shared tier missed is still unrepaired.
   */
  default boolean trusted(String tenant) {
    return trusted();
  }

  /**
   * After a committed write whose shared-tier update was {@code taken} (or not): returns once no
   * instance can serve what it replaced. The caller's own near-cache is the caller's to update.
   */
  void changed(List<Invalidation> changes, boolean taken);

  default void changed(Invalidation change, boolean taken) {
    changed(List.of(change), taken);
  }

  /**
   * What this instance's near-caches do when another instance reports a change of {@code kind}
   * (drop or move past the entry). One handler per kind.
   */
  void onChange(String kind, Consumer<Invalidation> nearCacheHandler);

  /**
   * How a change of {@code kind} that the shared tier missed is applied to it by whichever instance
   * reads it from the change log; false when the shared tier did not take it (the lease then
   * waits).
   */
  void onMissedChange(String kind, Predicate<Invalidation> sharedTierRepair);

  /** Runs whenever this instance's near-caches may have missed changes: they must forget all. */
  void onForgetAll(Runnable clear);

  /**
   * Applies a change to this instance's near-caches as if another instance had reported it, for a
   * writer whose own near-caches have no part in the write (a tenant's removal).
   */
  void changedHere(Invalidation change);

  /** One instance, no shared tier: every write is seen here first, nothing to wait for. */
  static Coherence alone() {
    ChangeHandlers handlers = new ChangeHandlers();
    return new Coherence() {
      @Override
      public boolean trusted() {
        return true;
      }

      @Override
      public void changed(List<Invalidation> changes, boolean taken) {}

      @Override
      public void onChange(String kind, Consumer<Invalidation> nearCacheHandler) {
        handlers.onChange(kind, nearCacheHandler);
      }

      @Override
      public void onMissedChange(String kind, Predicate<Invalidation> sharedTierRepair) {}

      @Override
      public void onForgetAll(Runnable clear) {}

      @Override
      public void changedHere(Invalidation change) {
        handlers.applyHere(change);
      }
    };
  }
}
