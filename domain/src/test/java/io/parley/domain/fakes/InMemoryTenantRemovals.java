package io.parley.domain.fakes;

import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.TenantRemovalStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * In-memory tenant removals, behaving as the PostgreSQL adapter does: the audit rows are the
 * erasures', the rows deleted those of the other in-memory stores (webhooks, customers and held
 * statuses, catalog, keys: table by table).
 */
public final class InMemoryTenantRemovals implements TenantRemovalStore {
  private final InMemoryErasures erasures;
  private final InMemoryTenants tenants;
  private final InMemoryConversations conversations;
  private final InMemoryCatalog catalog;
  private final InMemoryWebhooks webhooks;

  public InMemoryTenantRemovals(
      InMemoryErasures erasures,
      InMemoryTenants tenants,
      InMemoryConversations conversations,
      InMemoryCatalog catalog,
      InMemoryWebhooks webhooks) {
    this.erasures = erasures;
    this.tenants = tenants;
    this.conversations = conversations;
    this.catalog = catalog;
    this.webhooks = webhooks;
  }

  @Override
  public synchronized Optional<Erasure> begin(
      TenantId tenant, String subjectHash, UUID erasureId, Instant now) {
    Optional<Erasure> known = erasures.bySubject(tenant, subjectHash);
    if (known.isPresent() || !tenants.markRemoved(tenant)) {
      return known;
    }
    return Optional.of(erasures.record(tenant, Erasure.Kind.TENANT, subjectHash, erasureId, now));
  }

  @Override
  public Optional<Erasure> find(TenantId tenant, UUID erasureId) {
    return erasures.byId(tenant, erasureId);
  }

  @Override
  public List<ApiKeyId> activeKeys(TenantId tenant) {
    return tenants.list(tenant).stream().map(ListedApiKey::key).map(k -> k.id()).toList();
  }

  @Override
  public List<ConversationId> conversations(TenantId tenant, int limit) {
    return conversations.allOf(tenant).stream().map(Conversation::id).limit(limit).toList();
  }

  @Override
  public int deleteConversations(TenantId tenant, UUID erasureId, List<ConversationId> ids) {
    return erasures.deleteConversations(tenant, erasureId, ids);
  }

  @Override
  public synchronized int deleteRest(TenantId tenant, int limit) {
    int deleted = webhooks.deleteSome(tenant, limit);
    if (deleted == 0) {
      deleted = conversations.deleteCustomers(tenant, limit);
    }
    if (deleted == 0) {
      deleted = catalog.deleteSome(tenant, limit);
    }
    return deleted > 0 ? deleted : tenants.deleteKeys(tenant, limit);
  }

  @Override
  public synchronized Erasure complete(TenantId tenant, UUID erasureId, Instant now) {
    tenants.delete(tenant);
    return erasures.complete(tenant, erasureId, now);
  }

  @Override
  public List<Running> running() {
    return erasures.runningTenantRemovals();
  }
}
