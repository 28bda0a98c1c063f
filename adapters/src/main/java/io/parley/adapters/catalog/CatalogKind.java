package io.parley.adapters.catalog;

import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;

/** A kind of catalog item: its name in cache keys and its domain type. */
public record CatalogKind<T>(String name, Class<T> type) {
  public static final CatalogKind<Product> PRODUCTS = new CatalogKind<>("product", Product.class);
  public static final CatalogKind<ShopService> SERVICES =
      new CatalogKind<>("service", ShopService.class);
}
