package io.parley.adapters.cache;

import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.TenantCaches;

/** Forgets a removed tenant in this instance's near-caches, the shared tier and other instances. */
public final class TenantCachePurge implements TenantCaches {
  private final SharedCache shared;
  private final NearCaches nearCaches;

  public TenantCachePurge(SharedCache shared, NearCaches nearCaches) {
    this.shared = shared;
    this.nearCaches = nearCaches;
  }

  @Override
  public void forgetTenant(TenantId tenant) {
    shared.purgeTenant(tenant);
    nearCaches.dropTenant(tenant);
  }
}
