package io.parley.domain.port.in;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.model.TenantId;
import java.util.UUID;

/** Reads a tenant's catalog, one kind at a time: items by id, listings and searches. */
public interface BrowseCatalogUseCase {
  /** The item; NotFoundException naming the kind when the tenant has none with that id. */
  <T> T item(TenantId tenant, CatalogKind<T, ?> kind, UUID id);

  <T> CatalogPage<T> list(TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query);
}
