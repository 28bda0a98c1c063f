package io.parley.adapters.catalog;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.Drafts.ItemDraft;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A catalog write: each bumps the tenant's catalog version in its own transaction. */
public sealed interface CatalogWrite<T> {
  /** Creates or updates items of one kind; the value is their ids in the order given. */
  record Upsert<D extends ItemDraft>(CatalogKind<?, ?> kind, List<D> drafts, Instant now)
      implements CatalogWrite<List<UUID>> {}

  /** Deletes an item; the value is false when there was none (and the version did not move). */
  record Delete(CatalogKind<?, ?> kind, UUID id) implements CatalogWrite<Boolean> {}
}
