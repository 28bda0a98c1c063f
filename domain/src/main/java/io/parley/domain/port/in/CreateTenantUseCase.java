package io.parley.domain.port.in;

import io.parley.domain.model.Tenant;

/** Creates a tenant and its first API key (the operator's call). */
public interface CreateTenantUseCase {
  CreatedTenant create(Command command);

  record Command(String name, String slug) {}

  /** The new tenant and its key, which is shown this once and stored only as a hash. */
  record CreatedTenant(Tenant tenant, ManageApiKeysUseCase.IssuedKey key) {}
}
