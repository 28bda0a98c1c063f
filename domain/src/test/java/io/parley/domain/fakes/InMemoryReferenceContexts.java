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
    ReferenceContext previous = newest(c.conversationId());
    ReferenceContext saved =
        new ReferenceContext(
            c.id(),
            c.conversationId(),
            previous == null ? 1 : previous.version() + 1,
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

  /** How many quoted lookups reached this store. */
  public synchronized int quotedLookups() {
    return quotedLookups;
  }

  private ReferenceContext newest(ConversationId conversation) {
    List<ReferenceContext> all = versions.get(conversation);
    return all == null ? null : all.get(all.size() - 1);
  }

  /** How many lookups reached this store: what the caches in front of it save. */
  public synchronized int lookups() {
    return lookups;
  }
}
