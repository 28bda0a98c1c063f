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

/**
 * The catalog port as its tiers pass it along (near-cache -> Redis -> PostgreSQL): every read and
 * write also carries the tenant's catalog version, so each tier can file values under it. Each tier
 * implements {@link #read} and {@link #write}; every method of {@link CatalogStore} goes through
 * them, so a tier cannot miss one.
 */
public interface VersionedCatalog extends CatalogStore {
  /**
   * Reads at the tenant's current version; a tier that knows only versions older than {@code
   * atLeast} passes the read on rather than answer from them.
   */
  <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast);

  <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write);

  /**
   * The tenant's current catalog version as this tier knows it cheaply, or -1 when it does not (a
   * read then learns it).
   */
  default long currentVersion(TenantId tenant) {
    return -1;
  }

  @Override
  default <D extends ItemDraft> List<UUID> upsert(
      TenantId tenant, CatalogKind<?, D> kind, List<D> drafts, Instant now) {
    return write(tenant, new Upsert<>(kind, drafts, now)).value();
  }

  @Override
  default boolean delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id) {
    return write(tenant, new Delete(kind, id)).value();
  }

  @Override
  default <T> Optional<T> item(TenantId tenant, CatalogKind<T, ?> kind, UUID id) {
    return Optional.ofNullable(read(tenant, new Item<>(kind, id), 0).value());
  }

  @Override
  default <T> CatalogPage<T> list(TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query) {
    return read(tenant, new Listing<>(kind, query), 0).value();
  }

  @Override
  default SuggestionCandidates suggestionCandidates(TenantId tenant, String text, int limit) {
    return read(tenant, new Candidates(text, limit), 0).value();
  }
}
