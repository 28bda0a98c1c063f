package io.parley.adapters.postgres;

import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.TenantRemovalStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** A tenant's removal over PostgreSQL: batches by table, the tenant row last. */
final class TenantRemovalJdbiAdapter implements TenantRemovalStore {
  /** What a tenant has besides conversations, in an order foreign keys allow. */
  private static final List<String> REST =
      List.of(
          "webhook_deliveries",
          "webhooks",
          "changes",
          "held_statuses",
          "customers",
          "product_variants",
          "service_variants",
          "products",
          "services",
          "catalog_versions",
          "api_key_events",
          "api_keys");

  private final PostgresCalls calls;

  TenantRemovalJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public Optional<Erasure> begin(TenantId tenant, String subjectHash, UUID erasureId, Instant now) {
    return calls.inTransaction(
        handle -> {
          Optional<Erasure> known = ErasureJdbiAdapter.bySubject(handle, tenant, subjectHash);
          if (known.isPresent()) {
            return known;
          }
          int marked =
              handle
                  .createUpdate("UPDATE tenants SET removed_at = :now WHERE id = :tenant")
                  .bind("now", Rows.utc(now))
                  .bind("tenant", tenant.value())
                  .execute();
          if (marked == 0) {
            return Optional.empty();
          }
          return ErasureJdbiAdapter.record(
              handle, tenant, Erasure.Kind.TENANT, subjectHash, erasureId, now);
        });
  }

  @Override
  public Optional<Erasure> find(TenantId tenant, UUID erasureId) {
    return calls.withHandle(handle -> ErasureJdbiAdapter.byId(handle, tenant, erasureId));
  }

  @Override
  public List<ApiKeyId> activeKeys(TenantId tenant) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id FROM api_keys WHERE tenant_id = :tenant AND revoked_at IS NULL")
                .bind("tenant", tenant.value())
                .map((rs, ctx) -> new ApiKeyId(Rows.uuid(rs, "id")))
                .list());
  }

  @Override
  public List<ConversationId> conversations(TenantId tenant, int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery("SELECT id FROM conversations WHERE tenant_id = :tenant LIMIT :limit")
                .bind("tenant", tenant.value())
                .bind("limit", limit)
                .map((rs, ctx) -> new ConversationId(Rows.uuid(rs, "id")))
                .list());
  }

  @Override
  public int deleteConversations(
      TenantId tenant, UUID erasureId, List<ConversationId> conversations) {
    UUID[] ids = conversations.stream().map(ConversationId::value).toArray(UUID[]::new);
    return calls.inTransaction(
        handle -> {
          int deleted =
              handle
                  .createUpdate(
                      "DELETE FROM conversations WHERE tenant_id = :tenant AND id = ANY(:ids)")
                  .bind("tenant", tenant.value())
                  .bind("ids", ids)
                  .execute();
          ErasureJdbiAdapter.count(handle, tenant, erasureId, "conversations", deleted);
          return deleted;
        });
  }

  @Override
  public int deleteRest(TenantId tenant, int limit) {
    return calls.withHandle(
        handle -> {
          for (String table : REST) {
            int deleted = deleteSome(handle, table, tenant, limit);
            if (deleted > 0) {
              return deleted;
            }
          }
          return 0;
        });
  }

  private static int deleteSome(Handle handle, String table, TenantId tenant, int limit) {
    // The change log's cache rows stay (every instance must still apply them); its events go.
    String only = table.equals("changes") ? " AND event_type IS NOT NULL" : "";
    return handle
        .createUpdate(
            ("DELETE FROM %1$s WHERE tenant_id = :tenant AND ctid IN ("
                    + "SELECT ctid FROM %1$s WHERE tenant_id = :tenant%2$s LIMIT :limit)")
                .formatted(table, only))
        .bind("tenant", tenant.value())
        .bind("limit", limit)
        .execute();
  }

  @Override
  public Erasure complete(TenantId tenant, UUID erasureId, Instant now) {
    return calls.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM tenants WHERE id = :tenant")
              .bind("tenant", tenant.value())
              .execute();
          return ErasureJdbiAdapter.completed(handle, tenant, erasureId, now);
        });
  }

  @Override
  public List<Running> running() {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT tenant_id, id FROM erasures WHERE kind = 'tenant' AND status = 'running'")
                .map(
                    (rs, ctx) ->
                        new Running(new TenantId(Rows.uuid(rs, "tenant_id")), Rows.uuid(rs, "id")))
                .list());
  }
}
