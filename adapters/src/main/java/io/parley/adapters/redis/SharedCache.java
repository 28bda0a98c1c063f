package io.parley.adapters.redis;

import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.domain.model.TenantId;

/**
 * The tier between the near-caches and the stores, shared by every instance: Redis (standalone or a
 * cluster), or {@link #none()} for a single instance with near-caches only. Every cached port is a
 * chain of three links, each a class of its own: the store, its shared-tier decorator, its
 * near-cache ({@link #cached}); each decorator registers with {@link #coherence()} what a change of
 * its own kind does to it.
 */
public interface SharedCache {
  /** How a cached port's shared-tier decorator is made: {@code XRedisCache::new}. */
  @FunctionalInterface
  interface SharedLayer<S> {
    S over(S store, RedisSharedCache shared);
  }

  /** How a cached port's near-cache is made: {@code XNearCache::new}. */
  @FunctionalInterface
  interface NearLayer<S, P> {
    P over(S store, NearCacheSettings settings, Coherence coherence);
  }

  /** The store under its shared-tier decorator; the store itself when there is no shared tier. */
  <S> S over(S store, SharedLayer<S> layer);

  /** One cached port: the store, under its shared-tier decorator, under its near-cache. */
  default <S, P> P cached(
      S store, SharedLayer<S> shared, NearLayer<S, P> near, NearCacheSettings settings) {
    return near.over(over(store, shared), settings, coherence());
  }

  /** How every instance's caches stay current (what the decorators register with). */
  Coherence coherence();

  /**
   * Starts hearing other instances: after every cache has registered what it does with a change.
   */
  void start();

  /**
   * Deletes every shared entry of a removed tenant and tells the other instances to drop theirs.
   */
  void purgeTenant(TenantId tenant);

  /** No shared tier: the stores as they are, and no other instance to hear from. */
  static SharedCache none() {
    Coherence alone = Coherence.alone();
    return new SharedCache() {
      @Override
      public <S> S over(S store, SharedLayer<S> layer) {
        return store;
      }

      @Override
      public Coherence coherence() {
        return alone;
      }

      @Override
      public void start() {}

      @Override
      public void purgeTenant(TenantId tenant) {
        alone.changedHere(new Invalidation(Invalidation.TENANT, tenant.toString(), "", 0));
      }
    };
  }
}
