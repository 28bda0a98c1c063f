package io.parley.domain.fakes;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.TenantRemovalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * In-memory erasures over the in-memory conversations and reference contexts, behaving as the
 * PostgreSQL adapter does; it also keeps the audit rows of tenant removals ({@link
 * InMemoryTenantRemovals}).
 */
public final class InMemoryErasures implements ErasureStore {
  private final InMemoryConversations conversations;
  private final InMemoryReferenceContexts contexts;
  private final List<Row> rows = new ArrayList<>();

  public InMemoryErasures(InMemoryConversations conversations, InMemoryReferenceContexts contexts) {
    this.conversations = conversations;
    this.contexts = contexts;
  }

  @Override
  public synchronized Optional<Erasure> begin(
      TenantId tenant, CustomerId customer, String subjectHash, UUID erasureId, Instant now) {
    Optional<Erasure> known = bySubject(tenant, subjectHash);
    if (known.isPresent() || conversations.customer(tenant, customer).isEmpty()) {
      return known;
    }
    return Optional.of(record(tenant, Erasure.Kind.CUSTOMER, subjectHash, erasureId, now));
  }

  @Override
  public synchronized List<ConversationId> conversationsOf(TenantId tenant, CustomerId customer) {
    return conversations.allOf(tenant).stream()
        .filter(c -> c.customer().id().equals(customer))
        .map(Conversation::id)
        .toList();
  }

  @Override
  public synchronized int eraseMessages(
      TenantId tenant, UUID erasureId, List<ConversationId> ids, int limit) {
    for (ConversationId id : ids) {
      int deleted = conversations.deleteOldestMessages(tenant, id, limit, m -> true, false);
      if (deleted > 0) {
        row(tenant, erasureId).messages += deleted;
        return deleted;
      }
    }
    return 0;
  }

  @Override
  public synchronized int eraseReferenceContexts(
      TenantId tenant, UUID erasureId, List<ConversationId> ids, int limit) {
    for (ConversationId id : ids) {
      int deleted = contexts.deleteOldest(tenant, id, limit);
      if (deleted > 0) {
        row(tenant, erasureId).referenceContexts += deleted;
        return deleted;
      }
    }
    return 0;
  }

  @Override
  public synchronized Finished finish(
      TenantId tenant, UUID erasureId, CustomerId customer, Instant now) {
    Erasure before = byId(tenant, erasureId).orElseThrow();
    if (before.completed()) {
      return new Finished(before, List.of(), false);
    }
    List<ConversationId> ids = conversationsOf(tenant, customer);
    while (eraseMessages(tenant, erasureId, ids, Integer.MAX_VALUE) > 0) {
      // what arrived while the erasure ran
    }
    while (eraseReferenceContexts(tenant, erasureId, ids, Integer.MAX_VALUE) > 0) {
      // likewise
    }
    deleteConversations(tenant, erasureId, ids);
    conversations.deleteCustomer(tenant, customer, false);
    Erasure completed = complete(tenant, erasureId, now);
    if (!ids.isEmpty()) {
      row(tenant, erasureId).forgetting = List.copyOf(ids);
    }
    return new Finished(completed, ids, true);
  }

  @Override
  public synchronized List<Unforgotten> unforgotten(TenantId tenant) {
    return rows.stream()
        .filter(r -> r.tenant.equals(tenant) && r.forgetting != null)
        .sorted(Comparator.comparing((Row r) -> r.id))
        .map(r -> new Unforgotten(r.id, r.forgetting))
        .toList();
  }

  @Override
  public synchronized void forgotten(TenantId tenant, UUID erasureId) {
    row(tenant, erasureId).forgetting = null;
  }

  @Override
  public synchronized List<Erasure> list(TenantId tenant, int limit) {
    return rows.stream()
        .filter(r -> r.tenant.equals(tenant))
        .sorted(Comparator.comparing((Row r) -> r.requestedAt).thenComparing(r -> r.id).reversed())
        .limit(limit)
        .map(Row::erasure)
        .toList();
  }

  synchronized Optional<Erasure> bySubject(TenantId tenant, String subjectHash) {
    return rows.stream()
        .filter(r -> r.tenant.equals(tenant) && r.subject.equals(subjectHash))
        .findFirst()
        .map(Row::erasure);
  }

  synchronized Optional<Erasure> byId(TenantId tenant, UUID erasureId) {
    return rows.stream()
        .filter(r -> r.tenant.equals(tenant) && r.id.equals(erasureId))
        .findFirst()
        .map(Row::erasure);
  }

  synchronized Erasure record(
      TenantId tenant, Erasure.Kind kind, String subjectHash, UUID erasureId, Instant now) {
    Row row = new Row(tenant, erasureId, kind, subjectHash, now);
    rows.add(row);
    return row.erasure();
  }

  /** Deletes the conversations, counted into the erasure; how many. */
  synchronized int deleteConversations(TenantId tenant, UUID erasureId, List<ConversationId> ids) {
    int deleted =
        (int) ids.stream().filter(id -> conversations.deleteConversation(tenant, id)).count();
    row(tenant, erasureId).conversations += deleted;
    return deleted;
  }

  synchronized Erasure complete(TenantId tenant, UUID erasureId, Instant now) {
    Row row = row(tenant, erasureId);
    row.completedAt = now;
    return row.erasure();
  }

  /** Tenant removals not completed. */
  synchronized List<TenantRemovalStore.Running> runningTenantRemovals() {
    return rows.stream()
        .filter(r -> r.kind == Erasure.Kind.TENANT && r.completedAt == null)
        .map(r -> new TenantRemovalStore.Running(r.tenant, r.id))
        .toList();
  }

  private Row row(TenantId tenant, UUID erasureId) {
    return rows.stream()
        .filter(r -> r.tenant.equals(tenant) && r.id.equals(erasureId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no erasure " + erasureId));
  }

  /** An audit row: no customer id, only the subject's hash. */
  private static final class Row {
    final TenantId tenant;
    final UUID id;
    final Erasure.Kind kind;
    final String subject;
    final Instant requestedAt;
    long conversations;
    long messages;
    long referenceContexts;
    Instant completedAt;
    List<ConversationId> forgetting;

    Row(TenantId tenant, UUID id, Erasure.Kind kind, String subject, Instant requestedAt) {
      this.tenant = tenant;
      this.id = id;
      this.kind = kind;
      this.subject = subject;
      this.requestedAt = requestedAt;
    }

    Erasure erasure() {
      return new Erasure(
          id,
          kind,
          completedAt != null,
          conversations,
          messages,
          referenceContexts,
          requestedAt,
          completedAt);
    }
  }
}
