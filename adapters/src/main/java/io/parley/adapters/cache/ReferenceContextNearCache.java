package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;

/**
 * The in-process tier (L1) of reference contexts. A save updates this instance's entry at once,
 * newer versions winning. Among instances an entry is served only after the shared tier confirms no
 * newer version was written (see {@link ReferenceContextVersions}); other instances also drop
 * theirs on an invalidation, and every entry within the TTL. Alone (no shared tier), concurrent
 * misses for one conversation load once (Caffeine computes each key once).
 */
public final class ReferenceContextNearCache implements ReferenceContextStore {
  private final ReferenceContextStore delegate;
  private final Cache<Entry, ContextLookup> cache;
  private final ReferenceContextVersions shared;

  /** A near-cache with no other instance to hear from: what it holds is the newest. */
  public ReferenceContextNearCache(ReferenceContextStore delegate, NearCacheSettings settings) {
    this(delegate, settings, null);
  }

  /**
   * A near-cache among instances: an entry is served only when {@code shared} says nothing newer
   * was written (one small round trip), else the read goes through; null when there is no shared
   * tier.
   */
  public ReferenceContextNearCache(
      ReferenceContextStore delegate, NearCacheSettings settings, ReferenceContextVersions shared) {
    this.delegate = delegate;
    this.cache = settings.<Entry, ContextLookup>builder("referenceContexts").build();
    this.shared = shared;
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
    Entry entry = new Entry(tenant, conversation);
    if (shared == null) {
      return cache.get(entry, e -> delegate.lookup(tenant, conversation));
    }
    ContextLookup held = cache.getIfPresent(entry);
    return servedOrReadThrough(
        entry, held, held == null ? -1 : shared.newest(tenant, conversation));
  }

  /** A quoted list is read from the store of record: no tier here holds older versions. */
  @Override
  public QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    return delegate.quoted(tenant, conversation, providerMessageId);
  }

  /** The check already made in this request (the agent context's window read makes it). */
  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation, long newestVersion) {
    if (shared == null || newestVersion < 0) {
      return lookup(tenant, conversation);
    }
    Entry entry = new Entry(tenant, conversation);
    return servedOrReadThrough(entry, cache.getIfPresent(entry), newestVersion);
  }

  /**
   * {@code held} when it is at least the {@code newest} version written ({@code -1}: not known),
   * else what the shared tier reads: the newest state, an erasure's "absent" (version 0) included,
   * which replaces what is held here (a save racing with it is caught by the next check).
   */
  private ContextLookup servedOrReadThrough(Entry entry, ContextLookup held, long newest) {
    if (held != null && newest >= 0 && newest <= held.version()) {
      return held;
    }
    ContextLookup fresh = delegate.lookup(entry.tenant(), entry.conversation());
    cache.put(entry, fresh);
    return fresh;
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
