package io.parley.domain.port.in;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;

/** Reads a tenant's catalog: items by id, listings and searches. */
public interface BrowseCatalogUseCase {
  Product product(TenantId tenant, ProductId id);

  ShopService service(TenantId tenant, ServiceId id);

  CatalogPage<Product> products(TenantId tenant, CatalogQuery query);

  CatalogPage<ShopService> services(TenantId tenant, CatalogQuery query);
}
