package io.parley.domain.port.out;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.catalog.Versioned;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's catalog. Every write bumps the tenant's catalog version in its own transaction and
 * returns it; every read returns the version it was read at.
 */
public interface CatalogStore {
  /**
   * Creates or updates the products (by id, else by external source and id) in one transaction; the
   * ids come back in the order given.
   *
   * @throws NotFoundException when the tenant or a given id does not exist
   */
  Versioned<List<UUID>> upsertProducts(TenantId tenant, List<ProductDraft> products, Instant now);

  /** As {@link #upsertProducts}, for services. */
  Versioned<List<UUID>> upsertServices(TenantId tenant, List<ServiceDraft> services, Instant now);

  /** Deletes a product; false when the tenant has no such product. */
  Versioned<Boolean> deleteProduct(TenantId tenant, ProductId id);

  Versioned<Boolean> deleteService(TenantId tenant, ServiceId id);

  /** An active or inactive product by id; null when absent. */
  Versioned<Product> product(TenantId tenant, ProductId id);

  Versioned<ShopService> service(TenantId tenant, ServiceId id);

  Versioned<CatalogPage<Product>> products(TenantId tenant, CatalogQuery query);

  Versioned<CatalogPage<ShopService>> services(TenantId tenant, CatalogQuery query);

  /** The tenants whose catalogs changed most recently, newest first: what to warm first. */
  List<TenantId> recentlyChangedTenants(int limit);

  /** Suggestions for a text (null: none); see {@link Suggestions.Priority}. */
  Versioned<Suggestions> suggestions(TenantId tenant, String text, int limit);
}
