package io.parley.domain.catalog;

import java.util.List;

/**
 * What suggestions are chosen from (see {@link Suggestions#choose}): the best matches for a text
 * (empty without one), the newest active products in stock and out of stock apart, the newest
 * active services, and the active totals. Each list holds at most the limit asked for.
 */
public record SuggestionCandidates(
    List<Product> matchedProducts,
    List<ShopService> matchedServices,
    List<Product> newestInStock,
    List<Product> newestOutOfStock,
    List<ShopService> newestServices,
    long activeProducts,
    long activeServices) {
  public SuggestionCandidates {
    matchedProducts = List.copyOf(matchedProducts);
    matchedServices = List.copyOf(matchedServices);
    newestInStock = List.copyOf(newestInStock);
    newestOutOfStock = List.copyOf(newestOutOfStock);
    newestServices = List.copyOf(newestServices);
  }

  public boolean matched() {
    return !matchedProducts.isEmpty() || !matchedServices.isEmpty();
  }
}
