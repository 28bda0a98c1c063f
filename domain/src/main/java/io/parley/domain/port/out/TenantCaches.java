package io.parley.domain.port.out;

import io.parley.domain.model.TenantId;

/** Every cache tier, on every instance: forgets everything of a removed tenant. */
public interface TenantCaches {
  void forgetTenant(TenantId tenant);
}
