package io.parley.adapters.cache;

import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.catalog.VersionedCatalogStore;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ReferenceContextStore;

/**
 * This instance's near-caches (L1), one over each cached store, and the routing of invalidations to
 * them: which change another instance made drops which entry.
 */
public final class NearCaches {
  private final ApiKeyNearCache apiKeys;
  private final ReferenceContextNearCache referenceContexts;
  private final CatalogNearCache catalog;
  private final CatalogStore catalogStore;

  public NearCaches(
      ApiKeyStore apiKeys,
      ReferenceContextStore referenceContexts,
      VersionedCatalog catalog,
      NearCacheSettings settings) {
    this.apiKeys = new ApiKeyNearCache(apiKeys, settings);
    this.referenceContexts =
        new ReferenceContextNearCache(
            referenceContexts,
            settings,
            referenceContexts instanceof ReferenceContextVersions shared ? shared : null);
    this.catalog = new CatalogNearCache(catalog, settings);
    this.catalogStore = new VersionedCatalogStore(this.catalog);
  }

  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  public ReferenceContextStore referenceContexts() {
    return referenceContexts;
  }

  public CatalogStore catalog() {
    return catalogStore;
  }

  /** Drops what another instance changed; false for a kind this version does not know. */
  public boolean apply(Invalidation invalidation) {
    TenantId tenant = TenantId.of(invalidation.tenant());
    switch (invalidation.kind()) {
      case Invalidation.REFERENCE_CONTEXT ->
          referenceContexts.evict(
              tenant, ConversationId.of(invalidation.subject()), invalidation.version());
      case Invalidation.API_KEY -> apiKeys.invalidate(tenant, new KeyHash(invalidation.subject()));
      case Invalidation.CATALOG -> catalog.learn(tenant, invalidation.version());
      case Invalidation.TENANT -> dropTenant(tenant);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Drops every entry of a removed tenant from each near-cache here. */
  public void dropTenant(TenantId tenant) {
    apiKeys.dropTenant(tenant);
    referenceContexts.dropTenant(tenant);
    catalog.dropTenant(tenant);
  }

  /** Drops everything: invalidations may have been missed. */
  public void clear() {
    apiKeys.invalidateAll();
    referenceContexts.clear();
    catalog.clear();
  }
}
