package io.parley.adapters.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What each cached port registered to do with a change of its kind (see {@link Coherence}). */
public final class ChangeHandlers {
  private final Map<String, Consumer<Invalidation>> nearCaches = new ConcurrentHashMap<>();
  private final Map<String, Predicate<Invalidation>> repairs = new ConcurrentHashMap<>();
  private final List<Runnable> forgetAlls = new CopyOnWriteArrayList<>();

  public void onChange(String kind, Consumer<Invalidation> nearCacheHandler) {
    nearCaches.merge(kind, nearCacheHandler, Consumer::andThen);
  }

  public void onMissedChange(String kind, Predicate<Invalidation> sharedTierRepair) {
    repairs.merge(kind, sharedTierRepair, ChangeHandlers::both);
  }

  /** Both repairs run, whatever the first one's outcome; taken only when both took it. */
  private static Predicate<Invalidation> both(
      Predicate<Invalidation> first, Predicate<Invalidation> second) {
    return change -> first.test(change) & second.test(change);
  }

  public void onForgetAll(Runnable clear) {
    forgetAlls.add(clear);
  }

  /** Applies the change to this instance's near-caches; false for a kind none registered. */
  public boolean applyHere(Invalidation change) {
    Consumer<Invalidation> handler = nearCaches.get(change.kind());
    if (handler == null) {
      return false;
    }
    handler.accept(change);
    return true;
  }

  /** Applies a missed change to the shared tier; whether it took it (true when nothing to do). */
  public boolean repair(Invalidation change) {
    Predicate<Invalidation> repair = repairs.get(change.kind());
    return repair == null || repair.test(change);
  }

  public void forgetAll() {
    forgetAlls.forEach(Runnable::run);
  }
}
