package io.parley.adapters.catalog;

import io.parley.adapters.catalog.CatalogRead.Candidates;
import io.parley.adapters.catalog.CatalogRead.Item;
import io.parley.adapters.catalog.CatalogRead.Listing;
import io.parley.adapters.catalog.CatalogWrite.Delete;
import io.parley.adapters.catalog.CatalogWrite.Upsert;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.SuggestionCandidates;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The domain's catalog port over the versioned tiers: versions stay on this side. */
public final class VersionedCatalogStore implements CatalogStore {
  private final VersionedCatalog catalog;

  public VersionedCatalogStore(VersionedCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public List<UUID> upsertProducts(TenantId tenant, List<ProductDraft> products, Instant now) {
    return catalog.write(tenant, new Upsert<>(CatalogKind.PRODUCTS, products, now)).value();
  }

  @Override
  public List<UUID> upsertServices(TenantId tenant, List<ServiceDraft> services, Instant now) {
    return catalog.write(tenant, new Upsert<>(CatalogKind.SERVICES, services, now)).value();
  }

  @Override
  public boolean deleteProduct(TenantId tenant, ProductId id) {
    return catalog.write(tenant, new Delete(CatalogKind.PRODUCTS, id.value())).value();
  }

  @Override
  public boolean deleteService(TenantId tenant, ServiceId id) {
    return catalog.write(tenant, new Delete(CatalogKind.SERVICES, id.value())).value();
  }

  @Override
  public Optional<Product> product(TenantId tenant, ProductId id) {
    return Optional.ofNullable(read(tenant, new Item<>(CatalogKind.PRODUCTS, id.value())));
  }

  @Override
  public Optional<ShopService> service(TenantId tenant, ServiceId id) {
    return Optional.ofNullable(read(tenant, new Item<>(CatalogKind.SERVICES, id.value())));
  }

  @Override
  public CatalogPage<Product> products(TenantId tenant, CatalogQuery query) {
    return read(tenant, new Listing<>(CatalogKind.PRODUCTS, query));
  }

  @Override
  public CatalogPage<ShopService> services(TenantId tenant, CatalogQuery query) {
    return read(tenant, new Listing<>(CatalogKind.SERVICES, query));
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return catalog.recentlyChangedTenants(limit);
  }

  @Override
  public SuggestionCandidates suggestionCandidates(TenantId tenant, String text, int limit) {
    return read(tenant, new Candidates(text, limit));
  }

  private <T> T read(TenantId tenant, CatalogRead<T> read) {
    return catalog.read(tenant, read, 0).value();
  }
}
