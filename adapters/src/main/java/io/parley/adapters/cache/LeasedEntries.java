package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A near-cache's entries (the one shape every near-cache here shares): served only while this
 * instance holds its lease ({@link Coherence#trusted}), and installed after a read only when no
 * change of their key was applied here since that read began, so a read that raced with a write
 * never leaves the value it replaced behind. Changes stamp their key from one counter; a read notes
 * the counter before it starts and installs only if its key's stamp is not newer. When the cache
 * expires entries after write, a read of an entry past {@link RefreshAhead#SHARE} of that time
 * reloads it in the background under the same rule, so a hot entry is replaced before it expires
 * instead of making every concurrent reader wait on one load.
 */
public final class LeasedEntries<K, V> {
  /** Stamps kept per key before they are folded into one floor (refusing older installs). */
  private static final int MAX_STAMPS = 100_000;

  private final Cache<K, V> cache;
  private final Coherence coherence;
  private final BinaryOperator<V> newer;
  private final AtomicLong clock = new AtomicLong();
  private final ConcurrentHashMap<K, Long> changedAt = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<K, Loading<V>> loading = new ConcurrentHashMap<>();
  private final Set<K> refreshing = ConcurrentHashMap.newKeySet();

  /** No install of a read that began before it; only ever raised. */
  private final AtomicLong floor = new AtomicLong();

  private final Optional<Policy.FixedExpiration<K, V>> expiry;
  private final long refreshAfterNanos;
  private final int maxStamps;
  private final Runnable folding;

  /**
   * {@code newer} picks, of the entry held and one being installed, the one to keep (for versioned
   * values the higher version; else the one being installed).
   */
  public LeasedEntries(Cache<K, V> cache, Coherence coherence, BinaryOperator<V> newer) {
    this(cache, coherence, newer, MAX_STAMPS, () -> {});
  }

  /**
   * For tests: stamps folded past {@code maxStamps}, and {@code folding} run in each fold once the
   * floor is raised and before the stamps go (where a concurrent change may land).
   */
  LeasedEntries(
      Cache<K, V> cache,
      Coherence coherence,
      BinaryOperator<V> newer,
      int maxStamps,
      Runnable folding) {
    this.cache = cache;
    this.coherence = coherence;
    this.newer = newer;
    this.maxStamps = maxStamps;
    this.folding = folding;
    this.expiry = cache.policy().expireAfterWrite();
    this.refreshAfterNanos =
        expiry
            .map(e -> (long) (e.getExpiresAfter(TimeUnit.NANOSECONDS) * RefreshAhead.SHARE))
            .orElse(Long.MAX_VALUE);
    coherence.onForgetAll(this::forgetAll);
  }

  public LeasedEntries(Cache<K, V> cache, Coherence coherence) {
    this(cache, coherence, (held, fresh) -> fresh);
  }

  /** The entry held, when this instance may serve it; null otherwise. */
  public V held(K key) {
    return coherence.trusted() ? cache.getIfPresent(key) : null;
  }

  /**
   * The entry held, else {@code load}ed (and installed when that is safe). Concurrent misses for
   * one key load once: a caller that finds a load under way takes its answer when no change of the
   * key was applied since that load began, else loads for itself.
   */
  public V get(K key, Function<K, V> load) {
    if (!coherence.trusted()) {
      return load.apply(key); // changes may be passing unheard: no load here is to be shared
    }
    V held = cache.getIfPresent(key);
    if (held != null) {
      refreshIfDue(key, load);
      return held;
    }
    Loading<V> mine = new Loading<>(stamp(), new CompletableFuture<>());
    Loading<V> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      try {
        V shared = running.answer().join();
        if (unchangedSince(key, running.stamp())) {
          return shared;
        }
      } catch (CompletionException failed) {
        // the other load failed: this caller tries for itself, and fails with its own exception
      }
      return load.apply(key);
    }
    return loadAs(mine, key, load);
  }

  private record Loading<V>(long stamp, CompletableFuture<V> answer) {}

  /** Loads as the registered load {@code mine}: installs, answers those who joined, unregisters. */
  private V loadAs(Loading<V> mine, K key, Function<K, V> load) {
    try {
      V fresh = load.apply(key);
      install(key, fresh, mine.stamp());
      mine.answer().complete(fresh);
      return fresh;
    } catch (RuntimeException | Error e) {
      mine.answer().completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(key, mine);
    }
  }

  /**
   * Starts a background reload of a held entry past its refresh age, unless one is queued or under
   * way. Once it runs, it is the load a concurrent miss of the key joins (a queued one is not), and
   * it installs under the usual rule.
   */
  private void refreshIfDue(K key, Function<K, V> load) {
    if (expiry.isEmpty()
        || expiry.get().ageOf(key, TimeUnit.NANOSECONDS).orElse(0) < refreshAfterNanos
        || loading.containsKey(key)
        || !refreshing.add(key)) {
      return;
    }
    try {
      RefreshAhead.EXECUTOR.execute(() -> reload(key, load));
    } catch (RejectedExecutionException busy) {
      refreshing.remove(key); // the entry expires at its TTL and the next read loads it
    }
  }

  private void reload(K key, Function<K, V> load) {
    try {
      Loading<V> mine = new Loading<>(stamp(), new CompletableFuture<>());
      if (coherence.trusted() && loading.putIfAbsent(key, mine) == null) {
        loadAs(mine, key, load);
      }
    } catch (RuntimeException e) {
      // the held entry stays until its TTL; the next miss loads
    } finally {
      refreshing.remove(key);
    }
  }

  /** Where a read begins: pass it to {@link #install}. */
  public long stamp() {
    return clock.get();
  }

  /**
   * Installs {@code value}, read after {@code stamp}, unless a change of its key was applied since,
   * or this instance may not serve it; what {@code newer} picks otherwise.
   */
  public void install(K key, V value, long stamp) {
    if (value == null || !coherence.trusted() || !unchangedSince(key, stamp)) {
      return; // refused without touching the entry (a write would restart its TTL)
    }
    cache
        .asMap()
        .compute(
            key,
            (k, held) -> {
              if (!coherence.trusted() || !unchangedSince(k, stamp)) {
                return held;
              }
              return held == null ? value : newer.apply(held, value);
            });
  }

  /**
   * A change of {@code key}: its entry goes, unless {@code stillCurrent} says it already has it.
   */
  public void changed(K key, Predicate<V> stillCurrent) {
    cache
        .asMap()
        .compute(
            key,
            (k, held) -> {
              changedAt.put(k, clock.incrementAndGet());
              return held != null && stillCurrent.test(held) ? held : null;
            });
    if (changedAt.size() > maxStamps) {
      fold();
    }
  }

  /**
   * Folds every stamp recorded so far into the floor: the floor is raised past them first, and then
   * only the stamps it covers go. A change recorded meanwhile (its stamp above the new floor) keeps
   * its stamp: clearing them all would drop it, and a read that began between the floor and that
   * change would install what the change replaced.
   */
  private void fold() {
    long covered = raiseFloor();
    folding.run();
    changedAt.values().removeIf(at -> at <= covered); // each removal only if still that stamp
  }

  /** Raises the floor past every stamp taken so far; the new floor. */
  private long raiseFloor() {
    long raised = clock.incrementAndGet();
    floor.accumulateAndGet(raised, Math::max);
    return raised;
  }

  public void changed(K key) {
    changed(key, held -> false);
  }

  /** Every entry whose key {@code matches} goes (a removed tenant's). */
  public void forgetIf(Predicate<K> matches) {
    raiseFloor();
    cache.asMap().keySet().removeIf(matches);
  }

  /** Every entry goes: changes may have been missed. */
  public void forgetAll() {
    fold();
    cache.invalidateAll();
  }

  /** Entries held now; for tests. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private boolean unchangedSince(K key, long stamp) {
    Long last = changedAt.get(key);
    return (last == null || last <= stamp) && floor.get() <= stamp;
  }
}
