package io.parley.domain.port.in;

import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import java.util.Map;

/** A tenant's data-lifecycle settings: read, and change some of them. */
public interface ConfigureTenantUseCase {
  /**
   * @throws io.parley.domain.model.NotFoundException when the tenant does not exist
   */
  TenantSettings settings(TenantId tenant);

  /**
   * Replaces the fields present in {@code changes} (see {@link TenantSettings#with}).
   *
   * @throws io.parley.domain.model.InvalidInputException for a value out of range
   */
  TenantSettings update(TenantId tenant, Map<String, Integer> changes);
}
