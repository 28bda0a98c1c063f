package io.parley.domain.port.in;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.model.TenantId;
import java.util.List;
import java.util.UUID;

/** Syncs a tenant's catalog: bulk upserts (up to 1,000 items, one transaction) and deletes. */
public interface ManageCatalogUseCase {
  /** The ids of the items, in the order given. */
  <D extends ItemDraft> List<UUID> upsert(TenantId tenant, CatalogKind<?, D> kind, List<D> drafts);

  void delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id);
}
