package io.parley.domain.port.in;

import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import java.util.List;
import java.util.UUID;

/** Syncs a tenant's catalog: bulk upserts (up to 1,000 items, one transaction) and deletes. */
public interface ManageCatalogUseCase {
  /** The ids of the products, in the order given. */
  List<UUID> upsertProducts(TenantId tenant, List<ProductDraft> products);

  List<UUID> upsertServices(TenantId tenant, List<ServiceDraft> services);

  void deleteProduct(TenantId tenant, ProductId id);

  void deleteService(TenantId tenant, ServiceId id);
}
