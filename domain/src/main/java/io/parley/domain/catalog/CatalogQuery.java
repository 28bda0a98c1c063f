package io.parley.domain.catalog;

import java.time.Instant;
import java.util.Locale;

/**
 * A catalog listing: with {@code text}, best matches first (full-text and typo-tolerant); without,
 * newest first. Inactive items never appear.
 */
public record CatalogQuery(String text, boolean inStockOnly, int limit, Position after) {
  /** The text as matched and as hashed into cache keys: lowercase, single spaces, trimmed. */
  public String normalizedText() {
    return text == null ? "" : text.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
  }

  public boolean hasText() {
    return !normalizedText().isEmpty();
  }

  /** The last item of a page: its score (ranked listings) or creation time, and its id. */
  public record Position(double score, Instant createdAt, java.util.UUID id) {}
}
