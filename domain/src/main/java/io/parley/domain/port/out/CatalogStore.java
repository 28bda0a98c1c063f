package io.parley.domain.port.out;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.SuggestionCandidates;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's catalog of products and services: synced in bulk, listed, searched. */
public interface CatalogStore {
  /**
   * Creates or updates the products (by id, else by external source and id) in one transaction; the
   * ids come back in the order given.
   *
   * @throws NotFoundException when the tenant or a given id does not exist
   */
  List<UUID> upsertProducts(TenantId tenant, List<ProductDraft> products, Instant now);

  /** As {@link #upsertProducts}, for services. */
  List<UUID> upsertServices(TenantId tenant, List<ServiceDraft> services, Instant now);

  /** Deletes a product; false when the tenant has no such product. */
  boolean deleteProduct(TenantId tenant, ProductId id);

  boolean deleteService(TenantId tenant, ServiceId id);

  /** An active or inactive product by id. */
  Optional<Product> product(TenantId tenant, ProductId id);

  Optional<ShopService> service(TenantId tenant, ServiceId id);

  CatalogPage<Product> products(TenantId tenant, CatalogQuery query);

  CatalogPage<ShopService> services(TenantId tenant, CatalogQuery query);

  /** The tenants whose catalogs changed most recently, newest first: what to warm first. */
  List<TenantId> recentlyChangedTenants(int limit);

  /**
   * What suggestions for a text (null: none) are chosen from, each list at most {@code limit} long;
   * in stock means {@link Product#inStock()}.
   */
  SuggestionCandidates suggestionCandidates(TenantId tenant, String text, int limit);
}
