package io.parley.adapters.cache;

import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ReferenceContextStore;

/**
 * This instance's near-caches (L1), one over each cached store; each registers with {@link
 * Coherence} what another instance's change of its kind does to it.
 */
public final class NearCaches {
  private final ApiKeyNearCache apiKeys;
  private final ReferenceContextNearCache referenceContexts;
  private final CatalogStore catalog;

  public NearCaches(
      ApiKeyStore apiKeys,
      ReferenceContextStore referenceContexts,
      VersionedCatalog catalog,
      NearCacheSettings settings,
      Coherence coherence) {
    this.apiKeys = new ApiKeyNearCache(apiKeys, settings, coherence);
    this.referenceContexts = new ReferenceContextNearCache(referenceContexts, settings, coherence);
    this.catalog = new CatalogNearCache(catalog, settings, coherence);
  }

  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  public ReferenceContextStore referenceContexts() {
    return referenceContexts;
  }

  public CatalogStore catalog() {
    return catalog;
  }
}
