package io.parley.adapters.postgres;

/** The catalog's SQL fragments: the version, stock, matching and ranking. */
final class CatalogSql {
  private CatalogSql() {}

  /** The tenant's catalog version (0 before the first write). */
  static final String VERSION =
      "COALESCE((SELECT version FROM catalog_versions WHERE tenant_id = :tenant), 0)";

  /**
   * Every word of the query, as English stems, or every word unstemmed (Swahili, brand names). All
   * words, not any: "nike air force" must not rank every Nike and every Air; a typo that breaks the
   * match falls through to the trigram arm below.
   */
  static final String WORDS =
      "(plainto_tsquery('english', :text) || plainto_tsquery('simple', :text))";

  /** The domain's {@code Product.inStock()}: no stock figure means unlimited. */
  static final String IN_STOCK = "(p.stock IS NULL OR p.stock > 0)";

  /**
   * How many matching items a search ranks at most: full-text matches, and titles that nearly
   * contain the text. Ranking every match of a broad word was the cost of a cold search (issue 15:
   * p99 224-268 ms on 100,000 products); a query matching more ranks the first this many the index
   * yields, and its pages end there.
   */
  static final int WORD_CANDIDATES = 1000;

  static final int TYPO_CANDIDATES = 300;

  /**
   * The ids and scores of a tenant's active items matching :text: full-text matches (GIN on
   * search); only when there are none, titles that nearly contain the text (GIN on trigrams,
   * through {@code catalog_typo_candidates}), so a typo still finds the item. Two arms rather than
   * one OR: with the OR PostgreSQL scanned the table. Each arm ranks a bounded candidate set
   * ({@link #WORD_CANDIDATES}, {@link #TYPO_CANDIDATES}). JSON is built later, for the shown rows
   * only; scores are float8, so a cursor carries the exact score back. {@code inStockOnly}: the
   * stock filter, which must apply before the bound.
   */
  static String ranked(CatalogTable<?, ?> kind, boolean inStockOnly) {
    String filter = inStockOnly && kind.hasStock() ? " AND " + IN_STOCK : "";
    return """
        WITH words AS MATERIALIZED (
          SELECT c.id, c.created_at, ts_rank(c.search, %2$s)::float8 AS score FROM (
            SELECT p.id, p.created_at, p.search FROM %1$s p
            WHERE p.tenant_id = :tenant AND p.active AND p.search @@ %2$s%3$s
            LIMIT %4$d) c)
        SELECT * FROM words
        UNION ALL
        SELECT t.id, t.created_at, t.score
        FROM catalog_typo_candidates('%1$s', :tenant, :text, %5$s, %6$d) t
        WHERE NOT EXISTS (SELECT 1 FROM words)"""
        .formatted(
            kind.table(), WORDS, filter, WORD_CANDIDATES, !filter.isEmpty(), TYPO_CANDIDATES);
  }
}
