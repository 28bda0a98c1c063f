package io.parley.domain.fakes;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.Message;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.RetentionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retention pass's statements over the in-memory stores, behaving as the PostgreSQL adapter
 * does; leases expire by {@code clock} (the database's own clock there).
 */
public final class InMemoryRetention implements RetentionStore {
  private final InMemoryTenants tenants;
  private final InMemoryConversations conversations;
  private final InMemoryReferenceContexts contexts;
  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();

  public InMemoryRetention(
      InMemoryTenants tenants,
      InMemoryConversations conversations,
      InMemoryReferenceContexts contexts,
      Clock clock) {
    this.tenants = tenants;
    this.conversations = conversations;
    this.contexts = contexts;
    this.clock = clock;
  }

  /**
   * A lease row: who holds it (null: released) until when, and the job's last success (kept across
   * holders).
   */
  private record Lease(String holder, Instant expiresAt, Instant lastSuccess) {}

  @Override
  public synchronized boolean acquireLease(String name, String holder, Duration ttl) {
    Instant now = clock.instant();
    Lease lease = leases.get(name);
    boolean heldByAnother =
        lease != null && lease.holder() != null && !lease.holder().equals(holder);
    if (heldByAnother && !lease.expiresAt().isBefore(now)) {
      return false;
    }
    leases.put(name, new Lease(holder, now.plus(ttl), lease == null ? null : lease.lastSuccess()));
    return true;
  }

  @Override
  public synchronized void releaseLease(String name, String holder) {
    leases.computeIfPresent(
        name,
        (n, l) ->
            holder.equals(l.holder()) ? new Lease(null, clock.instant(), l.lastSuccess()) : l);
  }

  @Override
  public synchronized void recordSuccess(String name, Instant at) {
    leases.computeIfPresent(name, (n, l) -> new Lease(l.holder(), l.expiresAt(), at));
  }

  @Override
  public synchronized Optional<Instant> lastSuccess(String name) {
    return Optional.ofNullable(leases.get(name)).map(Lease::lastSuccess);
  }

  @Override
  public List<TenantPolicy> policies() {
    return tenants.allSettings().entrySet().stream()
        .map(e -> new TenantPolicy(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public List<ConversationId> conversationsWithMessagesBefore(
      TenantId tenant, Instant cutoff, int limit) {
    return ids(
        conversations.allOf(tenant).stream()
            .filter(c -> c.createdAt().isBefore(cutoff) && c.messageCount() > 0)
            .filter(c -> createdBefore(conversations.oldestMessage(c.id()), cutoff)),
        limit);
  }

  private static boolean createdBefore(Message message, Instant cutoff) {
    return message != null && message.createdAt().isBefore(cutoff);
  }

  @Override
  public int trimMessages(TenantId tenant, ConversationId conversation, Instant cutoff, int limit) {
    return conversations.deleteOldestMessages(
        tenant, conversation, limit, m -> m.createdAt().isBefore(cutoff), true);
  }

  @Override
  public List<ConversationId> closedBefore(TenantId tenant, Instant cutoff, int limit) {
    return ids(
        conversations.allOf(tenant).stream()
            .filter(c -> c.status() == ConversationStatus.CLOSED)
            .filter(c -> c.updatedAt().isBefore(cutoff))
            .sorted(Comparator.comparing(Conversation::updatedAt)),
        limit);
  }

  @Override
  public synchronized int removeConversation(
      TenantId tenant, ConversationId conversation, int limit, long[] removed) {
    int messages =
        conversations.deleteOldestMessages(tenant, conversation, limit, m -> true, false);
    if (messages > 0) {
      removed[0] += messages;
      return messages;
    }
    int versions = contexts.deleteOldest(tenant, conversation, Integer.MAX_VALUE);
    removed[1] += versions;
    Optional<Conversation> closed =
        conversations
            .find(tenant, conversation)
            .filter(c -> c.status() == ConversationStatus.CLOSED);
    closed.ifPresent(
        c -> {
          conversations.deleteConversation(tenant, conversation);
          conversations.deleteCustomer(tenant, c.customer().id(), true);
        });
    return versions + (closed.isPresent() ? 1 : 0);
  }

  @Override
  public synchronized List<ConversationId> markDormant(TenantId tenant, Instant cutoff, int limit) {
    List<ConversationId> idle =
        ids(
            conversations.allOf(tenant).stream()
                .filter(
                    c ->
                        c.asOf(Instant.now()).status() == ConversationStatus.OPEN
                            || c.asOf(Instant.now()).status() == ConversationStatus.BOT)
                .filter(c -> c.updatedAt().isBefore(cutoff)),
            limit);
    idle.forEach(conversations::markDormant);
    return idle;
  }

  @Override
  public int purgeReferenceContexts(TenantId tenant, Instant cutoff, int limit) {
    return contexts.purge(tenant, cutoff, limit);
  }

  private static List<ConversationId> ids(java.util.stream.Stream<Conversation> found, int limit) {
    return found.map(Conversation::id).limit(limit).toList();
  }
}
