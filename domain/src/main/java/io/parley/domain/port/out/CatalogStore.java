package io.parley.domain.port.out;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.SuggestionCandidates;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's catalog of products and services ({@link CatalogKind}): synced in bulk, listed,
 * searched.
 */
public interface CatalogStore {
  /**
   * Creates or updates items of one kind (by id, else by external source and id) in one
   * transaction; the ids come back in the order given.
   *
   * @throws NotFoundException when the tenant or a given id does not exist
   */
  <D extends ItemDraft> List<UUID> upsert(
      TenantId tenant, CatalogKind<?, D> kind, List<D> drafts, Instant now);

  /** Deletes an item; false when the tenant has no such item of that kind. */
  boolean delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id);

  /** An active or inactive item by id. */
  <T> Optional<T> item(TenantId tenant, CatalogKind<T, ?> kind, UUID id);

  /** A listing or search of one kind (the stock filter applies to products only). */
  <T> CatalogPage<T> list(TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query);

  /** The tenants whose catalogs changed most recently, newest first: what to warm first. */
  List<TenantId> recentlyChangedTenants(int limit);

  /**
   * What suggestions for a text (null: none) are chosen from, each list at most {@code limit} long;
   * in stock means {@link Product#inStock()}.
   */
  SuggestionCandidates suggestionCandidates(TenantId tenant, String text, int limit);
}
