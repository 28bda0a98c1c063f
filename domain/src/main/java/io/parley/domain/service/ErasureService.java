package io.parley.domain.service;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.EraseCustomerUseCase;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erases a customer: their messages and reference-context versions in bounded batches (each its own
 * short transaction, so other customers' traffic is never blocked for long), then in one
 * transaction whatever arrived meanwhile, their conversations and the customer; then every cache
 * tier forgets their conversations, on every instance. An erasure is answered completed only once
 * that forgetting is done: an erasure asked for again, or listed, whose eraser may not have
 * finished it (died after its last transaction) has its conversations forgotten again first.
 */
public final class ErasureService implements EraseCustomerUseCase {
  private final ErasureStore store;
  private final ReferenceContextStore referenceContexts;
  private final MessageStore messages;
  private final Clock clock;
  private final int batchSize;

  public ErasureService(
      ErasureStore store,
      ReferenceContextStore referenceContexts,
      MessageStore messages,
      Clock clock,
      int batchSize) {
    this.store = store;
    this.referenceContexts = referenceContexts;
    this.messages = messages;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Override
  public Erasure erase(TenantId tenant, CustomerId customer) {
    String subject = subject(tenant, customer);
    Erasure erasure =
        store
            .begin(tenant, customer, subject, Ids.next(clock), now())
            .orElseThrow(() -> new NotFoundException("customer"));
    if (erasure.completed()) {
      forgetUnforgotten(tenant, erasure.id());
      return erasure;
    }
    List<ConversationId> conversations = store.conversationsOf(tenant, customer);
    int erased;
    do {
      erased = store.eraseMessages(tenant, erasure.id(), conversations, batchSize);
    } while (erased > 0);
    do {
      erased = store.eraseReferenceContexts(tenant, erasure.id(), conversations, batchSize);
    } while (erased > 0);
    ErasureStore.Finished finished = store.finish(tenant, erasure.id(), customer, now());
    if (!finished.here()) { // a request that ran alongside finished it: answer as it left it
      forgetUnforgotten(tenant, erasure.id());
      return finished.erasure();
    }
    Set<ConversationId> gone = new LinkedHashSet<>(conversations);
    gone.addAll(finished.conversations());
    forget(tenant, erasure.id(), List.copyOf(gone));
    return finished.erasure();
  }

  @Override
  public List<Erasure> erasures(TenantId tenant, int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit", "must be at least 1");
    }
    List<Erasure> listed = store.list(tenant, limit);
    // after the list: every erasure it shows completed is either forgotten or found here
    forgetUnforgotten(tenant, null);
    return listed;
  }

  @Override
  public void settle(TenantId tenant, UUID erasureId) {
    forgetUnforgotten(tenant, erasureId);
  }

  /**
   * Forgets again the conversations of the tenant's completed erasures not known to be forgotten
   * (of the erasure {@code only}, unless null), so none is reported completed while an instance can
   * still serve them. Forgetting is idempotent.
   */
  private void forgetUnforgotten(TenantId tenant, UUID only) {
    for (ErasureStore.Unforgotten unforgotten : store.unforgotten(tenant)) {
      if (only == null || only.equals(unforgotten.erasureId())) {
        forget(tenant, unforgotten.erasureId(), unforgotten.conversations());
      }
    }
  }

  /** Every cache tier, on every instance, forgets the conversations; then the store notes it. */
  private void forget(TenantId tenant, UUID erasureId, List<ConversationId> conversations) {
    try {
      referenceContexts.forget(tenant, conversations);
    } finally {
      messages.forget(tenant, conversations);
    }
    store.forgotten(tenant, erasureId);
  }

  /** What the audit row keeps instead of the customer's id: a one-way hash of it. */
  static String subject(TenantId tenant, CustomerId customer) {
    return KeyHash.of("erasure:" + tenant + ":" + customer.value()).hex();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
