package io.parley.adapters.cache;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.util.List;

/**
 * The in-process tier (L1) of reference contexts. A save updates this instance's entry at once,
 * newer versions winning; other instances drop theirs before the save is acknowledged, so an entry
 * is served, with no round trip, whenever this instance holds its lease ({@link Coherence}).
 */
public final class ReferenceContextNearCache implements ReferenceContextStore {
  private final ReferenceContextStore delegate;
  private final LeasedEntries<Entry, ContextLookup> entries;

  public ReferenceContextNearCache(
      ReferenceContextStore delegate, NearCacheSettings settings, Coherence coherence) {
    this.delegate = delegate;
    this.entries =
        new LeasedEntries<>(
            settings.<Entry, ContextLookup>builder("referenceContexts").build(),
            coherence,
            (held, fresh) ->
                held.version() > fresh.version()
                        && !(fresh instanceof ContextLookup.ConversationAbsent)
                    ? held
                    : fresh);
    coherence.onChange(
        Invalidation.REFERENCE_CONTEXT, change -> evict(entry(change), change.version()));
    coherence.onChange(Invalidation.CONVERSATION_GONE, change -> entries.changed(entry(change)));
    coherence.onChange(
        Invalidation.TENANT,
        change -> {
          TenantId tenant = TenantId.of(change.tenant());
          entries.forgetIf(entry -> entry.tenant().equals(tenant));
        });
  }

  @Override
  public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
    long stamp = entries.stamp();
    ReferenceContext saved = delegate.save(tenant, context);
    entries.install(
        new Entry(tenant, saved.conversationId()), new ContextLookup.Newest(saved), stamp);
    return saved;
  }

  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    return entries.get(new Entry(tenant, conversation), e -> delegate.lookup(tenant, conversation));
  }

  /** A quoted list is read from the store of record: no tier here holds older versions. */
  @Override
  public QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    return delegate.quoted(tenant, conversation, providerMessageId);
  }

  /** Dropped here before and after the tiers below forget them, whatever they throw. */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {
    conversations.forEach(conversation -> entries.changed(new Entry(tenant, conversation)));
    try {
      delegate.forget(tenant, conversations);
    } finally {
      conversations.forEach(conversation -> entries.changed(new Entry(tenant, conversation)));
    }
  }

  /** Drops the entry unless it already holds {@code version} or newer. */
  public void evict(TenantId tenant, ConversationId conversation, long version) {
    evict(new Entry(tenant, conversation), version);
  }

  private void evict(Entry entry, long version) {
    entries.changed(entry, held -> held.version() >= version);
  }

  /** Entries held now; for tests. */
  public long size() {
    return entries.size();
  }

  private static Entry entry(Invalidation change) {
    return new Entry(TenantId.of(change.tenant()), ConversationId.of(change.subject()));
  }

  private record Entry(TenantId tenant, ConversationId conversation) {}
}
