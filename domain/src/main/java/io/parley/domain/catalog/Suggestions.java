package io.parley.domain.catalog;

import java.util.List;
import java.util.stream.Stream;

/** What to show a customer right away, how confident that is, and how much there is in all. */
public record Suggestions(
    List<Product> products,
    List<ShopService> services,
    Priority priority,
    long totalProducts,
    long totalServices) {
  public Suggestions {
    products = List.copyOf(products);
    services = List.copyOf(services);
  }

  /** high: matches or in-stock items; medium: nothing in stock; low: no match, a fallback list. */
  public enum Priority {
    HIGH,
    MEDIUM,
    LOW
  }

  /**
   * The business rule: for a text that matched, the matches (high); otherwise the newest items, in
   * stock first, which is high without a text when anything is in stock, medium when nothing is,
   * and low when a text matched nothing.
   */
  public static Suggestions choose(SuggestionCandidates candidates, boolean hasText, int limit) {
    long products = candidates.activeProducts();
    long services = candidates.activeServices();
    if (hasText && candidates.matched()) {
      return new Suggestions(
          candidates.matchedProducts(),
          candidates.matchedServices(),
          Priority.HIGH,
          products,
          services);
    }
    Priority priority =
        hasText
            ? Priority.LOW
            : candidates.newestInStock().isEmpty() ? Priority.MEDIUM : Priority.HIGH;
    List<Product> inStockFirst =
        Stream.concat(candidates.newestInStock().stream(), candidates.newestOutOfStock().stream())
            .limit(limit)
            .toList();
    return new Suggestions(inStockFirst, candidates.newestServices(), priority, products, services);
  }
}
