package io.parley.domain.port.in;

import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.util.Optional;

/** A tenant's own request limit, set by the operator; without one the service-wide limit holds. */
public interface LimitTenantUseCase {
  /** Requests per second most any limit allows. */
  int MAX_REQUESTS_PER_SECOND = 1_000_000;

  /**
   * The tenant's own limit, empty when it has none.
   *
   * @throws NotFoundException when the tenant does not exist
   */
  Optional<Integer> requestsPerSecond(TenantId tenant);

  /**
   * Sets (or, with null, removes) the tenant's own limit.
   *
   * @throws InvalidInputException naming {@code requestsPerSecond} when out of range
   * @throws NotFoundException when the tenant does not exist
   */
  void limit(TenantId tenant, Integer requestsPerSecond);
}
