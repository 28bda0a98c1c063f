package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;

/**
 * The in-process tier (L1) of reference contexts. Concurrent misses for one conversation load once
 * (Caffeine computes each key once); a save updates this instance's entry at once, newer versions
 * winning; other instances drop theirs on an invalidation, or within the TTL at worst.
 */
public final class ReferenceContextNearCache implements ReferenceContextStore {
  private final ReferenceContextStore delegate;
  private final Cache<Entry, ContextLookup> cache;

  public ReferenceContextNearCache(ReferenceContextStore delegate, NearCacheSettings settings) {
    this.delegate = delegate;
    this.cache = settings.<Entry, ContextLookup>builder("referenceContexts").build();
  }

  @Override
  public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
    ReferenceContext saved = delegate.save(tenant, context);
    cache
        .asMap()
        .merge(
            new Entry(tenant, saved.conversationId()),
            new ContextLookup.Newest(saved),
            (old, fresh) -> old.version() > fresh.version() ? old : fresh);
    return saved;
  }

  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    return cache.get(new Entry(tenant, conversation), e -> delegate.lookup(tenant, conversation));
  }

  @Override
  public void forget(TenantId tenant, ConversationId conversation) {
    delegate.forget(tenant, conversation);
    cache.invalidate(new Entry(tenant, conversation));
  }

  /** Drops the entry unless it already holds {@code version} or newer. */
  public void evict(TenantId tenant, ConversationId conversation, long version) {
    cache
        .asMap()
        .computeIfPresent(
            new Entry(tenant, conversation), (e, held) -> held.version() >= version ? held : null);
  }

  /** Drops every entry: after a reconnect, invalidations may have been missed. */
  public void clear() {
    cache.invalidateAll();
  }

  /** Entries held now; for tests. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private record Entry(TenantId tenant, ConversationId conversation) {}

  /** Drops every entry of a removed tenant. */
  public void dropTenant(TenantId tenant) {
    cache.asMap().keySet().removeIf(entry -> entry.tenant().equals(tenant));
  }
}
