package io.parley.domain.port.out;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the retention pass deletes and changes, each step a short transaction over a bounded batch,
 * and the lease that keeps one pass at a time across every instance.
 */
public interface RetentionStore {
  /** Takes (or renews) the named lease for {@code holder}; false when another holds it. */
  boolean acquireLease(String name, String holder, Duration ttl);

  /** Gives the lease up, if {@code holder} has it. */
  void releaseLease(String name, String holder);

  /** Records that a run of the named job succeeded (any instance's). */
  void recordSuccess(String name, Instant at);

  /** When a run of the named job last succeeded, on any instance. */
  Optional<Instant> lastSuccess(String name);

  /** Every tenant with its settings. */
  List<TenantPolicy> policies();

  /** The tenant's conversations that hold messages created before {@code cutoff}. */
  List<ConversationId> conversationsWithMessagesBefore(TenantId tenant, Instant cutoff, int limit);

  /**
   * Deletes up to {@code limit} of the conversation's oldest messages created before {@code cutoff}
   * (a prefix in seq order, so the messages left stay dense), moving its counters and first seq in
   * the same statement; how many it deleted.
   */
  int trimMessages(TenantId tenant, ConversationId conversation, Instant cutoff, int limit);

  /** Closed conversations last updated before {@code cutoff}. */
  List<ConversationId> closedBefore(TenantId tenant, Instant cutoff, int limit);

  /**
   * Deletes up to {@code limit} rows of the conversation (messages first, then reference contexts),
   * and the conversation itself (and its customer when it was their last) once none are left;
   * returns the rows deleted, of which {@code removed[0]} messages and {@code removed[1]} contexts.
   */
  int removeConversation(TenantId tenant, ConversationId conversation, int limit, long[] removed);

  /**
   * Marks up to {@code limit} open or bot conversations idle since before {@code cutoff} dormant;
   * the conversations it marked.
   */
  List<ConversationId> markDormant(TenantId tenant, Instant cutoff, int limit);

  /**
   * Deletes up to {@code limit} reference-context versions superseded, or expired, before {@code
   * cutoff}.
   */
  int purgeReferenceContexts(TenantId tenant, Instant cutoff, int limit);

  /** A tenant and its settings. */
  record TenantPolicy(TenantId tenant, TenantSettings settings) {}
}
