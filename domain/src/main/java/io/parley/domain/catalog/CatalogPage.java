package io.parley.domain.catalog;

import java.util.List;

/** One page of a listing and where the next starts (null at the end). */
public record CatalogPage<T>(List<T> items, CatalogQuery.Position next) {
  public CatalogPage {
    items = List.copyOf(items);
  }
}
