package io.parley.adapters.postgres;

import io.parley.domain.model.TenantId;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WAL position of the newest acknowledged write per scope (a conversation, a tenant's
 * conversation listing, a tenant's catalog), visible to every instance: a read of the scope may go
 * to a replica only once that replica has replayed past it.
 */
public interface WritePositions {
  String CONVERSATIONS = "conversations";
  String CATALOG = "catalog";

  /**
   * No write of the scope is known (none lately, or the store lost it): the read needs a replica
   * that has replayed what the primary had at its last poll.
   */
  long UNKNOWN = -1;

  /** Records a committed write's position (kept if a newer one is known). */
  void written(TenantId tenant, String scope, long lsn);

  /**
   * The newest write position known for the scope, {@link #UNKNOWN} when none is; empty when it
   * cannot be known now (the shared store is unreachable or was lately, or this scope's write is
   * still to be stored there), which sends the read to the primary.
   */
  OptionalLong newest(TenantId tenant, String scope);

  /** Positions kept in this process: enough for a single instance. */
  static WritePositions local() {
    Map<String, Long> positions = new ConcurrentHashMap<>();
    return new WritePositions() {
      @Override
      public void written(TenantId tenant, String scope, long lsn) {
        positions.merge(tenant + "|" + scope, lsn, Math::max);
      }

      @Override
      public OptionalLong newest(TenantId tenant, String scope) {
        return OptionalLong.of(positions.getOrDefault(tenant + "|" + scope, UNKNOWN));
      }
    };
  }
}
