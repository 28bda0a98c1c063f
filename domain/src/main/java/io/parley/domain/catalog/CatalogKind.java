package io.parley.domain.catalog;

import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import java.util.List;

/**
 * A kind of catalog item, products or services: what one catalog path (use cases, store, service,
 * resource) is given instead of being written once per kind. {@code name} names an item in errors
 * and cache keys ("product"), {@code plural} a list of them in URLs and fields ("products"); {@code
 * type} is the item's record, {@code D} its draft.
 */
public record CatalogKind<T, D extends ItemDraft>(String name, String plural, Class<T> type) {
  public static final CatalogKind<Product, ProductDraft> PRODUCTS =
      new CatalogKind<>("product", "products", Product.class);
  public static final CatalogKind<ShopService, ServiceDraft> SERVICES =
      new CatalogKind<>("service", "services", ShopService.class);

  /** Every kind, products first. */
  public static List<CatalogKind<?, ?>> all() {
    return List.of(PRODUCTS, SERVICES);
  }

  @Override
  public String toString() {
    return plural;
  }
}
