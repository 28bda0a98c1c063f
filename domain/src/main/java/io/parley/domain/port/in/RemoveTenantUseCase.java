package io.parley.domain.port.in;

import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import java.util.UUID;

/** Removes a tenant: its keys stop at once, its data goes in the background. */
public interface RemoveTenantUseCase {
  /**
   * Revokes every key of the tenant (on every instance) and starts deleting its data; the erasure
   * returned is running. Asking again answers the same erasure.
   *
   * @throws io.parley.domain.model.NotFoundException when no such tenant exists or existed
   */
  Erasure remove(TenantId tenant);

  /**
   * @throws io.parley.domain.model.NotFoundException when the tenant has no such erasure
   */
  Erasure removal(TenantId tenant, UUID erasureId);

  /** Continues every removal left running (by a restart); called at start and on a timer. */
  void resumeRunning();
}
