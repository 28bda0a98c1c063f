package io.parley.domain.port.out;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Erases customers in steps that each hold locks briefly, keeping an audit row per erasure whose
 * counts move in the same transaction as the rows they count, so an erasure cut short (a database
 * restart) resumes where it stopped and its counts stay exact.
 */
public interface ErasureStore {
  /**
   * Records a new running erasure of the customer, or returns the one already recorded for the
   * subject; empty when the customer does not exist and was never erased.
   */
  Optional<Erasure> begin(
      TenantId tenant, CustomerId customer, String subjectHash, UUID erasureId, Instant now);

  /** The customer's conversations now. */
  List<ConversationId> conversationsOf(TenantId tenant, CustomerId customer);

  /** Deletes up to {@code limit} messages of these conversations; how many it deleted. */
  int eraseMessages(TenantId tenant, UUID erasureId, List<ConversationId> conversations, int limit);

  /** Deletes up to {@code limit} reference-context versions of these conversations. */
  int eraseReferenceContexts(
      TenantId tenant, UUID erasureId, List<ConversationId> conversations, int limit);

  /**
   * In one transaction that first locks the customer and their conversations (waiting for writes in
   * flight): deletes what is left of them (also what was added while the erasure ran), the
   * conversations and the customer, and completes the audit row, keeping the conversations it
   * removed as {@link #unforgotten} until {@link #forgotten}.
   */
  Finished finish(TenantId tenant, UUID erasureId, CustomerId customer, Instant now);

  /**
   * The tenant's completed erasures whose conversations the caches may still hold (no {@link
   * #forgotten} since their finish: the eraser may have died before its caches forgot), each with
   * those conversations.
   */
  List<Unforgotten> unforgotten(TenantId tenant);

  /** Every cache tier, on every instance, forgot the erasure's conversations. */
  void forgotten(TenantId tenant, UUID erasureId);

  /** The tenant's erasures, newest first. */
  List<Erasure> list(TenantId tenant, int limit);

  /**
   * The completed erasure and every conversation it removed; {@code here} false when another
   * request had finished it already (a DELETE repeated while it ran): then nothing was done, and
   * the erasure is as that request left it (no second event, the same completedAt, its forgetting
   * untouched).
   */
  record Finished(Erasure erasure, List<ConversationId> conversations, boolean here) {}

  /** A completed erasure's conversations, not known to be forgotten by every cache yet. */
  record Unforgotten(UUID erasureId, List<ConversationId> conversations) {}
}
