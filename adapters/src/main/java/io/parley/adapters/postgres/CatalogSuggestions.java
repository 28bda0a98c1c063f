package io.parley.adapters.postgres;

import static io.parley.adapters.postgres.CatalogSql.IN_STOCK;
import static io.parley.adapters.postgres.CatalogSql.PRODUCT_JSON;
import static io.parley.adapters.postgres.CatalogSql.SERVICE_JSON;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.json.CatalogJson;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.catalog.Suggestions.Priority;
import io.parley.domain.catalog.Versioned;
import io.parley.domain.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Suggestions in one statement: the best matches for a text, or (no text, or nothing matched) a
 * fallback of in-stock products first, newest first, and the newest services; with the counts kept
 * on the version row.
 */
final class CatalogSuggestions {
  private CatalogSuggestions() {}

  private static final String NEWEST_PRODUCTS =
      """
      SELECT item, row_number() OVER (ORDER BY tier, created_at DESC, id DESC) AS rank FROM (
        (SELECT 0 AS tier, p.created_at, p.id, %1$s AS item FROM products p
         WHERE p.tenant_id = :tenant AND p.active AND %2$s ORDER BY p.created_at DESC, p.id DESC LIMIT :limit)
        UNION ALL
        (SELECT 1, p.created_at, p.id, %1$s FROM products p
         WHERE p.tenant_id = :tenant AND p.active AND NOT %2$s ORDER BY p.created_at DESC, p.id DESC LIMIT :limit)
      ) both_tiers ORDER BY tier, created_at DESC, id DESC LIMIT :limit"""
          .formatted(PRODUCT_JSON, IN_STOCK);

  private static final String NEWEST_SERVICES =
      """
      SELECT %s AS item, row_number() OVER (ORDER BY p.created_at DESC, p.id DESC) AS rank
      FROM services p WHERE p.tenant_id = :tenant AND p.active
      ORDER BY p.created_at DESC, p.id DESC LIMIT :limit"""
          .formatted(SERVICE_JSON);

  private static final String MATCHING =
      """
      SELECT (SELECT %s FROM %s p WHERE p.tenant_id = :tenant AND p.id = m.id) AS item,
             row_number() OVER (ORDER BY m.score DESC, m.id DESC) AS rank
      FROM (%s) m ORDER BY m.score DESC, m.id DESC LIMIT :limit""";

  static Versioned<Suggestions> read(Handle handle, TenantId tenant, String text, int limit) {
    boolean hasText = text != null && !text.isBlank();
    String matches =
        hasText
            ? """
              , pm AS (%s), sm AS (%s)
              SELECT v.*, (SELECT json_agg(item ORDER BY rank) FROM pm)::text AS matched_products,
                     (SELECT json_agg(item ORDER BY rank) FROM sm)::text AS matched_services,"""
                .formatted(
                    MATCHING.formatted(
                        PRODUCT_JSON, "products", CatalogSql.ranked(CatalogSql.PRODUCTS, "")),
                    MATCHING.formatted(
                        SERVICE_JSON, "services", CatalogSql.ranked(CatalogSql.SERVICES, "")))
            : " SELECT v.*, NULL AS matched_products, NULL AS matched_services,";
    String sql =
        """
        WITH v AS (
          SELECT COALESCE(c.version, 0) AS version, COALESCE(c.active_products, 0) AS active_products,
                 COALESCE(c.active_services, 0) AS active_services,
                 EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = :tenant AND p.active AND %s) AS any_in_stock
          FROM (SELECT 1) one LEFT JOIN catalog_versions c ON c.tenant_id = :tenant),
        pf AS (%s), sf AS (%s)%s
          (SELECT json_agg(item ORDER BY rank) FROM pf)::text AS fallback_products,
          (SELECT json_agg(item ORDER BY rank) FROM sf)::text AS fallback_services
        FROM v"""
            .formatted(IN_STOCK, NEWEST_PRODUCTS, NEWEST_SERVICES, matches);
    var query = handle.createQuery(sql).bind("tenant", tenant.value()).bind("limit", limit);
    if (hasText) {
      query
          .bind("text", text.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " "))
          .addCustomizer(CatalogJdbiAdapter.PLANNED_FOR_ITS_WORDS);
    }
    return query
        .map(
            (rs, ctx) -> {
              List<Product> matchedProducts =
                  items(rs.getString("matched_products"), CatalogJson::product);
              List<ShopService> matchedServices =
                  items(rs.getString("matched_services"), CatalogJson::service);
              boolean matched = !matchedProducts.isEmpty() || !matchedServices.isEmpty();
              Priority priority =
                  hasText
                      ? (matched ? Priority.HIGH : Priority.LOW)
                      : (rs.getBoolean("any_in_stock") ? Priority.HIGH : Priority.MEDIUM);
              List<Product> products =
                  matched
                      ? matchedProducts
                      : items(rs.getString("fallback_products"), CatalogJson::product);
              List<ShopService> services =
                  matched
                      ? matchedServices
                      : items(rs.getString("fallback_services"), CatalogJson::service);
              return new Versioned<>(
                  rs.getLong("version"),
                  new Suggestions(
                      products,
                      services,
                      priority,
                      rs.getLong("active_products"),
                      rs.getLong("active_services")));
            })
        .one();
  }

  private static <T> List<T> items(String json, Function<JsonNode, T> read) {
    List<T> items = new ArrayList<>();
    if (json != null) {
      CatalogJson.parse(json).forEach(node -> items.add(read.apply(node)));
    }
    return items;
  }
}
