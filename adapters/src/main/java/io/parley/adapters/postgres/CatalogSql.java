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

  /** Full-text rank; float8, so a cursor carries the exact score back (float4 prints rounded). */
  static final String WORDS_SCORE = "ts_rank(p.search, " + WORDS + ")::float8";

  /** How nearly the title contains the text, for the typo arm. */
  static final String TRIGRAM_SCORE = "word_similarity(:text, p.title)::float8";

  /** The domain's {@code Product.inStock()}: no stock figure means unlimited. */
  static final String IN_STOCK = "(p.stock IS NULL OR p.stock > 0)";

  /**
   * The ids and scores of a tenant's active items matching :text: full-text matches (GIN on
   * search); only when there are none, titles that nearly contain the text (GIN on trigrams), so a
   * typo still finds the item. Two arms rather than one OR: with the OR PostgreSQL scanned the
   * table. JSON is built later, for the shown rows only.
   */
  static String ranked(CatalogTable<?, ?> kind, String filter) {
    return """
        WITH words AS MATERIALIZED (
          SELECT p.id, p.created_at, %4$s AS score FROM %1$s p
          WHERE p.tenant_id = :tenant AND p.active AND p.search @@ %2$s%3$s)
        SELECT * FROM words
        UNION ALL
        SELECT p.id, p.created_at, %5$s AS score FROM %1$s p
        WHERE p.tenant_id = :tenant AND p.active AND :text <%% p.title%3$s
          AND NOT EXISTS (SELECT 1 FROM words)"""
        .formatted(kind.table(), WORDS, filter, WORDS_SCORE, TRIGRAM_SCORE);
  }
}
