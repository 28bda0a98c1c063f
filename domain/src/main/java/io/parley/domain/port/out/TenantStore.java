package io.parley.domain.port.out;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
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

  /** The tenant's data-lifecycle settings; empty when the tenant does not exist. */
  Optional<TenantSettings> settings(TenantId id);

  /** Stores the settings; false when the tenant does not exist. */
  boolean saveSettings(TenantId id, TenantSettings settings);

  /**
   * The tenant's own request limit: empty when the tenant does not exist, an empty inner value when
   * it has none.
   */
  Optional<Optional<Integer>> requestsPerSecond(TenantId id);

  /** Stores the tenant's own request limit (null: none); false when the tenant does not exist. */
  boolean saveRequestsPerSecond(TenantId id, Integer requestsPerSecond);
}
