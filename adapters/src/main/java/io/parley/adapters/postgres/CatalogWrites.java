package io.parley.adapters.postgres;

import io.parley.adapters.postgres.CatalogTable.Column;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The statements of a catalog sync, inside the caller's transaction, for any kind of item: ids are
 * resolved first (given id, else the id stored for the external key, else a new one), then all rows
 * are written in one batch keyed by id, then their variants are replaced.
 */
final class CatalogWrites {
  private CatalogWrites() {}

  /** Takes the tenant's version row (creating it) and moves it on; writers serialize here. */
  static long bumpVersion(Handle handle, TenantId tenant, Instant now) {
    return handle
        .createQuery(
            """
            INSERT INTO catalog_versions (tenant_id, version, updated_at) VALUES (:tenant, 1, :now)
            ON CONFLICT (tenant_id) DO UPDATE
              SET version = catalog_versions.version + 1, updated_at = EXCLUDED.updated_at
            RETURNING version""")
        .bind("tenant", tenant.value())
        .bind("now", Rows.utc(now))
        .mapTo(Long.class)
        .one();
  }

  /** Keeps the active counts suggestions report (index-only counts, once per write). */
  static void recount(Handle handle, TenantId tenant) {
    handle
        .createUpdate(
            """
            UPDATE catalog_versions SET
              active_products = (SELECT count(*) FROM products WHERE tenant_id = :tenant AND active),
              active_services = (SELECT count(*) FROM services WHERE tenant_id = :tenant AND active)
            WHERE tenant_id = :tenant""")
        .bind("tenant", tenant.value())
        .execute();
  }

  @SuppressWarnings("unchecked")
  static <D extends ItemDraft, V> List<UUID> upsert(
      Handle handle, TenantId tenant, CatalogTable<D, V> table, List<?> given, Instant now) {
    List<D> drafts = (List<D>) given;
    List<UUID> ids = resolveIds(handle, tenant, table.table(), drafts);
    PreparedBatch rows = handle.prepareBatch(table.upsertSql());
    PreparedBatch variants = handle.prepareBatch(table.variantInsertSql());
    for (int i = 0; i < drafts.size(); i++) {
      D draft = drafts.get(i);
      bind(rows, table.columns(), draft)
          .bind("tenant", tenant.value())
          .bind("id", ids.get(i))
          .bind("now", Rows.utc(now))
          .add();
      List<V> ofDraft = table.variants().apply(draft);
      for (int position = 0; position < ofDraft.size(); position++) {
        bind(variants, table.variantColumns(), ofDraft.get(position))
            .bind("tenant", tenant.value())
            .bind("owner", ids.get(i))
            .bind("position", position + 1)
            .add();
      }
    }
    rows.execute();
    replaceVariants(handle, tenant, table, ids, variants);
    return ids;
  }

  private static <T, S extends SqlStatement<S>> S bind(
      S statement, List<Column<T>> columns, T row) {
    for (Column<T> column : columns) {
      statement.bindByType(column.field(), column.value().apply(row), column.type());
    }
    return statement;
  }

  /** The id of every draft: its own, else the one stored for its external key, else a new one. */
  private static List<UUID> resolveIds(
      Handle handle, TenantId tenant, String table, List<? extends ItemDraft> drafts) {
    List<String> sources = new ArrayList<>();
    List<String> externalIds = new ArrayList<>();
    for (ItemDraft draft : drafts) {
      if (draft.itemId() == null && draft.externalSource() != null) {
        sources.add(draft.externalSource());
        externalIds.add(draft.externalId());
      }
    }
    Map<String, UUID> stored = new HashMap<>();
    if (!sources.isEmpty()) {
      handle
          .createQuery(
              """
              SELECT t.external_source, t.external_id, t.id FROM %s t
              JOIN unnest(:sources, :externalIds) AS k(source, external_id)
                ON t.external_source = k.source AND t.external_id = k.external_id
              WHERE t.tenant_id = :tenant"""
                  .formatted(table))
          .bind("tenant", tenant.value())
          .bindArray("sources", String.class, sources)
          .bindArray("externalIds", String.class, externalIds)
          .map(
              (rs, ctx) ->
                  Map.entry(rs.getString(1) + "\u0000" + rs.getString(2), Rows.uuid(rs, "id")))
          .forEach(entry -> stored.put(entry.getKey(), entry.getValue()));
    }
    List<UUID> ids = new ArrayList<>(drafts.size());
    for (ItemDraft draft : drafts) {
      UUID id = draft.itemId();
      if (id == null && draft.externalSource() != null) {
        id = stored.get(draft.externalSource() + "\u0000" + draft.externalId());
      }
      ids.add(id == null ? CatalogJdbiAdapter.newId() : id);
    }
    return ids;
  }

  private static void replaceVariants(
      Handle handle,
      TenantId tenant,
      CatalogTable<?, ?> table,
      List<UUID> ids,
      PreparedBatch variants) {
    handle
        .createUpdate(
            "DELETE FROM %s WHERE tenant_id = :tenant AND %s = ANY(:ids)"
                .formatted(table.variantTable(), table.variantOwner()))
        .bind("tenant", tenant.value())
        .bindArray("ids", UUID.class, ids)
        .execute();
    if (variants.size() > 0) {
      variants.execute();
    }
  }
}
