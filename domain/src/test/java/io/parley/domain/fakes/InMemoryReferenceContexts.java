package io.parley.domain.fakes;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** In-memory reference contexts, behaving as the PostgreSQL adapter does. */
public final class InMemoryReferenceContexts implements ReferenceContextStore {
  private final ConversationStore conversations;
  private final Map<ConversationId, List<ReferenceContext>> versions = new HashMap<>();
  private final Map<ConversationId, Long> lastVersion = new HashMap<>();
  private final List<ConversationId> forgotten = new ArrayList<>();
  private int lookups;
  private int quotedLookups;

  public InMemoryReferenceContexts(ConversationStore conversations) {
    this.conversations = conversations;
  }

  @Override
  public synchronized ReferenceContext save(TenantId tenant, NewReferenceContext c) {
    if (conversations.find(tenant, c.conversationId()).isEmpty()) {
      throw new NotFoundException("conversation");
    }
    ReferenceContext saved =
        new ReferenceContext(
            c.id(),
            c.conversationId(),
            lastVersion.merge(c.conversationId(), 1L, Long::sum),
            c.listType(),
            c.items(),
            c.createdAt(),
            c.expiresAt(),
            c.providerMessageId());
    versions.computeIfAbsent(c.conversationId(), k -> new ArrayList<>()).add(saved);
    return saved;
  }

  @Override
  public synchronized ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    lookups++;
    if (conversations.find(tenant, conversation).isEmpty()) {
      return new ContextLookup.ConversationAbsent();
    }
    return new ContextLookup.Newest(newest(conversation));
  }

  @Override
  public synchronized QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    quotedLookups++;
    if (conversations.find(tenant, conversation).isEmpty()) {
      return new QuotedContextLookup.ConversationAbsent();
    }
    List<ReferenceContext> all = versions.getOrDefault(conversation, List.of());
    for (int i = all.size() - 1; i >= 0; i--) {
      if (providerMessageId.equals(all.get(i).providerMessageId())) {
        Instant supersededAt = i + 1 < all.size() ? all.get(i + 1).createdAt() : null;
        return new QuotedContextLookup.Shown(all.get(i), supersededAt);
      }
    }
    return new QuotedContextLookup.NotShown();
  }

  @Override
  public synchronized void forget(TenantId tenant, List<ConversationId> conversations) {
    forgotten.addAll(conversations);
  }

  /** The conversations the caches in front of this store were told to forget, in order. */
  public synchronized List<ConversationId> forgotten() {
    return List.copyOf(forgotten);
  }

  /** How many quoted lookups reached this store. */
  public synchronized int quotedLookups() {
    return quotedLookups;
  }

  private ReferenceContext newest(ConversationId conversation) {
    List<ReferenceContext> all = versions.get(conversation);
    return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** How many lookups reached this store: what the caches in front of it save. */
  public synchronized int lookups() {
    return lookups;
  }

  /** Deletes up to {@code limit} of the conversation's oldest versions; how many. */
  synchronized int deleteOldest(TenantId tenant, ConversationId conversation, int limit) {
    if (conversations.find(tenant, conversation).isEmpty()) {
      return 0;
    }
    List<ReferenceContext> all = versions.getOrDefault(conversation, new ArrayList<>());
    int deleted = Math.min(limit, all.size());
    all.subList(0, deleted).clear();
    return deleted;
  }

  /**
   * Deletes up to {@code limit} of the tenant's versions that expired, or were superseded by a
   * version created, before {@code cutoff}; how many.
   */
  synchronized int purge(TenantId tenant, Instant cutoff, int limit) {
    int deleted = 0;
    for (Map.Entry<ConversationId, List<ReferenceContext>> e : versions.entrySet()) {
      if (conversations.find(tenant, e.getKey()).isEmpty()) {
        continue;
      }
      List<ReferenceContext> all = e.getValue();
      List<ReferenceContext> doomed = new ArrayList<>();
      for (int i = 0; i < all.size() && deleted + doomed.size() < limit; i++) {
        boolean superseded = i + 1 < all.size() && all.get(i + 1).createdAt().isBefore(cutoff);
        if (superseded || all.get(i).expiresAt().isBefore(cutoff)) {
          doomed.add(all.get(i));
        }
      }
      all.removeAll(doomed);
      deleted += doomed.size();
    }
    return deleted;
  }
}
