package io.parley.domain.port.in;

import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Erases a customer from every store and cache, and lists the tenant's erasures. */
public interface EraseCustomerUseCase {
  /**
   * Erases the customer and everything of theirs; when it returns nothing of them can be read.
   * Asking again for an erased customer answers the same erasure.
   *
   * @throws io.parley.domain.model.NotFoundException when no such customer exists or existed
   */
  Erasure erase(TenantId tenant, CustomerId customer);

  List<Erasure> erasures(TenantId tenant, int limit);
}
