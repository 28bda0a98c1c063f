package io.parley.domain.port.in;

import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.TenantId;

/** What to show a customer right away, for what they wrote (or nothing yet). */
public interface SuggestCatalogUseCase {
  Suggestions suggest(TenantId tenant, String text, int limit);

  /** Loads the opening suggestions of the tenants whose catalogs changed most recently. */
  int warmUp(int tenants, int limit);
}
