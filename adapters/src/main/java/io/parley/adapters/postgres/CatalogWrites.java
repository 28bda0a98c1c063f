package io.parley.adapters.postgres;

import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The statements of a catalog sync, inside the caller's transaction: ids are resolved first (given
 * id, else the id stored for the external key, else a new one), then all rows are written in one
 * batch keyed by id, then their variants are replaced.
 */
final class CatalogWrites {
  /** Takes the tenant's version row (creating it) and moves it on; writers serialize here. */
  long bumpVersion(Handle handle, TenantId tenant, Instant now) {
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
  void recount(Handle handle, TenantId tenant) {
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

  List<UUID> upsertProducts(
      Handle handle, TenantId tenant, List<ProductDraft> drafts, Instant now) {
    List<UUID> ids =
        resolveIds(
            handle,
            tenant,
            "products",
            drafts.stream()
                .map(
                    d ->
                        new Key(
                            d.id() == null ? null : d.id().value(),
                            d.externalSource(),
                            d.externalId()))
                .toList());
    PreparedBatch rows =
        handle.prepareBatch(
            """
            INSERT INTO products (tenant_id, id, external_source, external_id, title, description,
              price, currency, sku, stock, active, images, attributes, created_at, updated_at)
            VALUES (:tenant, :id, :externalSource, :externalId, :title, :description, :price,
              :currency, :sku, :stock, :active, CAST(:images AS jsonb), CAST(:attributes AS jsonb), :now, :now)
            ON CONFLICT (tenant_id, id) DO UPDATE SET
              external_source = EXCLUDED.external_source, external_id = EXCLUDED.external_id,
              title = EXCLUDED.title, description = EXCLUDED.description, price = EXCLUDED.price,
              currency = EXCLUDED.currency, sku = EXCLUDED.sku, stock = EXCLUDED.stock,
              active = EXCLUDED.active, images = EXCLUDED.images, attributes = EXCLUDED.attributes,
              updated_at = EXCLUDED.updated_at""");
    PreparedBatch variants =
        handle.prepareBatch(
            """
            INSERT INTO product_variants (tenant_id, product_id, position, title, sku, price, stock, attributes)
            VALUES (:tenant, :product, :position, :title, :sku, :price, :stock, CAST(:attributes AS jsonb))""");
    for (int i = 0; i < drafts.size(); i++) {
      ProductDraft d = drafts.get(i);
      rows.bind("tenant", tenant.value())
          .bind("id", ids.get(i))
          .bind("externalSource", d.externalSource())
          .bind("externalId", d.externalId())
          .bind("title", d.title())
          .bind("description", d.description())
          .bind("price", d.price())
          .bind("currency", d.currency())
          .bind("sku", d.sku())
          .bind("stock", d.stock())
          .bind("active", d.active())
          .bind("images", json(d.images()))
          .bind("attributes", d.attributesJson())
          .bind("now", Rows.utc(now))
          .add();
      List<Product.Variant> given = d.variants();
      for (int position = 0; position < given.size(); position++) {
        Product.Variant v = given.get(position);
        variants
            .bind("tenant", tenant.value())
            .bind("product", ids.get(i))
            .bind("position", position + 1)
            .bind("title", v.title())
            .bind("sku", v.sku())
            .bind("price", v.price())
            .bind("stock", v.stock())
            .bind("attributes", v.attributesJson())
            .add();
      }
    }
    rows.execute();
    replaceVariants(handle, tenant, "product_variants", "product_id", ids, variants);
    return ids;
  }

  List<UUID> upsertServices(
      Handle handle, TenantId tenant, List<ServiceDraft> drafts, Instant now) {
    List<UUID> ids =
        resolveIds(
            handle,
            tenant,
            "services",
            drafts.stream()
                .map(
                    d ->
                        new Key(
                            d.id() == null ? null : d.id().value(),
                            d.externalSource(),
                            d.externalId()))
                .toList());
    PreparedBatch rows =
        handle.prepareBatch(
            """
            INSERT INTO services (tenant_id, id, external_source, external_id, title, description,
              base_price, currency, requires_slot, active, attributes, created_at, updated_at)
            VALUES (:tenant, :id, :externalSource, :externalId, :title, :description, :basePrice,
              :currency, :requiresSlot, :active, CAST(:attributes AS jsonb), :now, :now)
            ON CONFLICT (tenant_id, id) DO UPDATE SET
              external_source = EXCLUDED.external_source, external_id = EXCLUDED.external_id,
              title = EXCLUDED.title, description = EXCLUDED.description,
              base_price = EXCLUDED.base_price, currency = EXCLUDED.currency,
              requires_slot = EXCLUDED.requires_slot, active = EXCLUDED.active,
              attributes = EXCLUDED.attributes, updated_at = EXCLUDED.updated_at""");
    PreparedBatch variants =
        handle.prepareBatch(
            """
            INSERT INTO service_variants (tenant_id, service_id, position, title, duration_minutes, price)
            VALUES (:tenant, :service, :position, :title, :durationMinutes, :price)""");
    for (int i = 0; i < drafts.size(); i++) {
      ServiceDraft d = drafts.get(i);
      rows.bind("tenant", tenant.value())
          .bind("id", ids.get(i))
          .bind("externalSource", d.externalSource())
          .bind("externalId", d.externalId())
          .bind("title", d.title())
          .bind("description", d.description())
          .bind("basePrice", d.basePrice())
          .bind("currency", d.currency())
          .bind("requiresSlot", d.requiresSlot())
          .bind("active", d.active())
          .bind("attributes", d.attributesJson())
          .bind("now", Rows.utc(now))
          .add();
      List<ShopService.Variant> given = d.variants();
      for (int position = 0; position < given.size(); position++) {
        ShopService.Variant v = given.get(position);
        variants
            .bind("tenant", tenant.value())
            .bind("service", ids.get(i))
            .bind("position", position + 1)
            .bind("title", v.title())
            .bind("durationMinutes", v.durationMinutes())
            .bind("price", v.price())
            .add();
      }
    }
    rows.execute();
    replaceVariants(handle, tenant, "service_variants", "service_id", ids, variants);
    return ids;
  }

  private record Key(UUID id, String source, String externalId) {}

  /** The id of every draft: its own, else the one stored for its external key, else a new one. */
  private List<UUID> resolveIds(Handle handle, TenantId tenant, String table, List<Key> keys) {
    List<String> sources = new ArrayList<>();
    List<String> externalIds = new ArrayList<>();
    for (Key key : keys) {
      if (key.id() == null && key.source() != null) {
        sources.add(key.source());
        externalIds.add(key.externalId());
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
    List<UUID> ids = new ArrayList<>(keys.size());
    for (Key key : keys) {
      UUID id = key.id();
      if (id == null && key.source() != null) {
        id = stored.get(key.source() + "\u0000" + key.externalId());
      }
      ids.add(id == null ? CatalogJdbiAdapter.newId() : id);
    }
    return ids;
  }

  private void replaceVariants(
      Handle handle,
      TenantId tenant,
      String table,
      String column,
      List<UUID> ids,
      PreparedBatch variants) {
    handle
        .createUpdate(
            "DELETE FROM " + table + " WHERE tenant_id = :tenant AND " + column + " = ANY(:ids)")
        .bind("tenant", tenant.value())
        .bindArray("ids", UUID.class, ids)
        .execute();
    if (variants.size() > 0) {
      variants.execute();
    }
  }

  private static String json(List<String> strings) {
    StringBuilder out = new StringBuilder("[");
    for (String s : strings) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(io.parley.adapters.json.CatalogJson.quote(s));
    }
    return out.append(']').toString();
  }
}
