package io.parley.domain.port.in;

import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import java.util.List;
import java.util.UUID;

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

  /**
   * Before one erasure is read: if it is completed but its conversations may still be held by a
   * cache (its eraser died before they were forgotten), they are forgotten everywhere first, so a
   * completed erasure read afterwards means nothing of it can be read.
   */
  void settle(TenantId tenant, UUID erasureId);
}
