package io.parley.adapters.redis;

import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.TenantCaches;

/**
 * Forgets a removed tenant in the shared tier and in every instance's near-caches (this one's too:
 * each near-cache drops the tenant on the change).
 */
public final class TenantCachePurge implements TenantCaches {
  private final SharedCache shared;

  public TenantCachePurge(SharedCache shared) {
    this.shared = shared;
  }

  @Override
  public void forgetTenant(TenantId tenant) {
    shared.purgeTenant(tenant);
  }
}
