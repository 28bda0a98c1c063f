package io.parley.domain.port.out;

import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Removes a whole tenant in batches: marks it removed (no new key can be issued), then deletes its
 * conversations' rows, its customers, catalog and keys, and finally the tenant row (which frees the
 * slug), counting into the tenant's erasure row as it goes.
 */
public interface TenantRemovalStore {
  /**
   * Marks the tenant removed and records a running erasure, or returns the erasure already recorded
   * for it; empty when no such tenant exists or existed.
   */
  Optional<Erasure> begin(TenantId tenant, String subjectHash, UUID erasureId, Instant now);

  Optional<Erasure> find(TenantId tenant, UUID erasureId);

  /** The tenant's keys not revoked yet. */
  List<ApiKeyId> activeKeys(TenantId tenant);

  /** Some of the tenant's conversations (any left). */
  List<ConversationId> conversations(TenantId tenant, int limit);

  /** Deletes these conversations (their messages and contexts already gone), counted. */
  int deleteConversations(TenantId tenant, UUID erasureId, List<ConversationId> conversations);

  /**
   * Deletes up to {@code limit} rows of what else the tenant has (customers, catalog, keys), table
   * by table; 0 when nothing is left.
   */
  int deleteRest(TenantId tenant, int limit);

  /** Deletes the tenant row and completes the erasure. */
  Erasure complete(TenantId tenant, UUID erasureId, Instant now);

  /** Tenant removals not completed, on any instance (to resume after a restart). */
  List<Running> running();

  /** A tenant removal under way. */
  record Running(TenantId tenant, UUID erasureId) {}
}
