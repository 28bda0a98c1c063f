package io.parley.domain.catalog;

import java.util.List;

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
}
