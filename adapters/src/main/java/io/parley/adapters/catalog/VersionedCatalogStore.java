package io.parley.adapters.catalog;

import io.parley.adapters.catalog.CatalogRead.Candidates;
import io.parley.adapters.catalog.CatalogRead.Item;
import io.parley.adapters.catalog.CatalogRead.Listing;
import io.parley.adapters.catalog.CatalogWrite.Delete;
import io.parley.adapters.catalog.CatalogWrite.Upsert;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.SuggestionCandidates;
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
  public <D extends ItemDraft> List<UUID> upsert(
      TenantId tenant, CatalogKind<?, D> kind, List<D> drafts, Instant now) {
    return catalog.write(tenant, new Upsert<>(kind, drafts, now)).value();
  }

  @Override
  public boolean delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id) {
    return catalog.write(tenant, new Delete(kind, id)).value();
  }

  @Override
  public <T> Optional<T> item(TenantId tenant, CatalogKind<T, ?> kind, UUID id) {
    return Optional.ofNullable(read(tenant, new Item<>(kind, id)));
  }

  @Override
  public <T> CatalogPage<T> list(TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query) {
    return read(tenant, new Listing<>(kind, query));
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
