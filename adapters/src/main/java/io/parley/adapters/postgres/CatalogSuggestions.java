package io.parley.adapters.postgres;

import static io.parley.adapters.postgres.CatalogSql.IN_STOCK;

import io.parley.adapters.catalog.Versioned;
import io.parley.adapters.json.CatalogCodec;
import io.parley.domain.catalog.SuggestionCandidates;
import io.parley.domain.model.TenantId;
import org.jdbi.v3.core.Handle;

/**
 * Suggestion candidates in one statement: the best matches for a text (when there is one), the
 * newest active products in stock and out of stock, the newest services, and the counts kept on the
 * version row. Which of them to show is the domain's rule ({@code Suggestions.choose}).
 */
final class CatalogSuggestions {
  private CatalogSuggestions() {}

  private static final String NEWEST =
      """
      SELECT %1$s AS item, row_number() OVER (ORDER BY p.created_at DESC, p.id DESC) AS rank
      FROM %2$s p WHERE p.tenant_id = :tenant AND p.active%3$s
      ORDER BY p.created_at DESC, p.id DESC LIMIT :limit""";

  private static final String MATCHING =
      """
      SELECT (SELECT %s FROM %s p WHERE p.tenant_id = :tenant AND p.id = m.id) AS item,
             row_number() OVER (ORDER BY m.score DESC, m.id DESC) AS rank
      FROM (%s) m ORDER BY m.score DESC, m.id DESC LIMIT :limit""";

  private static final String LISTS =
      """
      WITH v AS (
        SELECT COALESCE(c.version, 0) AS version, COALESCE(c.active_products, 0) AS active_products,
               COALESCE(c.active_services, 0) AS active_services
        FROM (SELECT 1) one LEFT JOIN catalog_versions c ON c.tenant_id = :tenant),
      pi AS (%s), po AS (%s), sn AS (%s)%s
      SELECT v.version, json_build_object(
        'matchedProducts', %s, 'matchedServices', %s,
        'newestInStock', (SELECT COALESCE(json_agg(item ORDER BY rank), '[]') FROM pi),
        'newestOutOfStock', (SELECT COALESCE(json_agg(item ORDER BY rank), '[]') FROM po),
        'newestServices', (SELECT COALESCE(json_agg(item ORDER BY rank), '[]') FROM sn),
        'activeProducts', v.active_products, 'activeServices', v.active_services)::text AS candidates
      FROM v""";

  static Versioned<SuggestionCandidates> read(
      Handle handle, TenantId tenant, String text, int limit) {
    CatalogTable<?, ?> products = CatalogTable.PRODUCTS;
    CatalogTable<?, ?> services = CatalogTable.SERVICES;
    boolean hasText = text != null && !text.isBlank();
    String matches =
        hasText ? ", pm AS (%s), sm AS (%s)".formatted(matching(products), matching(services)) : "";
    String sql =
        LISTS.formatted(
            NEWEST.formatted(products.itemJson(), "products", " AND " + IN_STOCK),
            NEWEST.formatted(products.itemJson(), "products", " AND NOT " + IN_STOCK),
            NEWEST.formatted(services.itemJson(), "services", ""),
            matches,
            hasText
                ? "(SELECT COALESCE(json_agg(item ORDER BY rank), '[]') FROM pm)"
                : "'[]'::json",
            hasText
                ? "(SELECT COALESCE(json_agg(item ORDER BY rank), '[]') FROM sm)"
                : "'[]'::json");
    var query = handle.createQuery(sql).bind("tenant", tenant.value()).bind("limit", limit);
    if (hasText) {
      query
          .bind(
              "text",
              new io.parley.domain.catalog.CatalogQuery(text, false, limit, null).normalizedText())
          .addCustomizer(CatalogJdbiAdapter.PLANNED_FOR_ITS_WORDS);
    }
    return query
        .map(
            (rs, ctx) ->
                new Versioned<>(
                    rs.getLong("version"),
                    CatalogCodec.read(rs.getString("candidates"), SuggestionCandidates.class)))
        .one();
  }

  private static String matching(CatalogTable<?, ?> kind) {
    return MATCHING.formatted(kind.itemJson(), kind.table(), CatalogSql.ranked(kind, false));
  }
}
