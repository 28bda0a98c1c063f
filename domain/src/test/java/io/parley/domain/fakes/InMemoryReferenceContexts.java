package io.parley.domain.fakes;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.util.HashMap;
import java.util.Map;

/** In-memory reference contexts, behaving as the PostgreSQL adapter does. */
public final class InMemoryReferenceContexts implements ReferenceContextStore {
  private final ConversationStore conversations;
  private final Map<ConversationId, ReferenceContext> newest = new HashMap<>();
  private int lookups;

  public InMemoryReferenceContexts(ConversationStore conversations) {
    this.conversations = conversations;
  }

  @Override
  public synchronized ReferenceContext save(TenantId tenant, NewReferenceContext c) {
    if (conversations.find(tenant, c.conversationId()).isEmpty()) {
      throw new NotFoundException("conversation");
    }
    ReferenceContext previous = newest.get(c.conversationId());
    ReferenceContext saved =
        new ReferenceContext(
            c.id(),
            c.conversationId(),
            previous == null ? 1 : previous.version() + 1,
            c.listType(),
            c.items(),
            c.createdAt(),
            c.expiresAt());
    newest.put(c.conversationId(), saved);
    return saved;
  }

  @Override
  public synchronized ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    lookups++;
    if (conversations.find(tenant, conversation).isEmpty()) {
      return new ContextLookup.ConversationAbsent();
    }
    return new ContextLookup.Newest(newest.get(conversation));
  }

  /** How many lookups reached this store: what the caches in front of it save. */
  public synchronized int lookups() {
    return lookups;
  }
}
