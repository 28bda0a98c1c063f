package io.parley.domain.port.out;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import java.util.Optional;

/** Stores tenants. */
public interface TenantStore {
  /**
   * Stores a new tenant and its first API key in one transaction.
   *
   * @throws ConflictException when the slug is taken
   */
  void create(Tenant tenant, ApiKey firstKey);

  Optional<Tenant> find(TenantId id);
}
