package io.parley.domain.service;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.RetentionReport;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.in.RunRetentionUseCase;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.RetentionStore;
import io.parley.domain.port.out.RetentionStore.TenantPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The retention pass: per tenant, messages past {@code messageDays}, closed conversations past
 * {@code closedConversationDays}, open and bot conversations idle past {@code dormantAfterHours}
 * made dormant (each such conversation's cached window dropped: {@link MessageStore#changed}, and a
 * removed one's forgotten with its reference context); for every tenant, reference-context versions
 * superseded or expired longer ago than the grace. Everything in small batches, one short
 * transaction each; one pass at a time across all instances, by a lease renewed as the pass moves
 * from tenant to tenant and, within a tenant, every third of its term.
 */
public final class RetentionService implements RunRetentionUseCase {
  static final String LEASE = "retention";

  private final RetentionStore store;
  private final MessageStore messages;
  private final ReferenceContextStore referenceContexts;
  private final Clock clock;
  private final Duration grace;
  private final int batchSize;
  private final String holder;
  private final Duration leaseTtl;

  public RetentionService(
      RetentionStore store,
      MessageStore messages,
      ReferenceContextStore referenceContexts,
      Clock clock,
      Duration grace,
      int batchSize,
      String holder,
      Duration leaseTtl) {
    this.store = store;
    this.messages = messages;
    this.referenceContexts = referenceContexts;
    this.clock = clock;
    this.grace = grace;
    this.batchSize = batchSize;
    this.holder = holder;
    this.leaseTtl = leaseTtl;
  }

  @Override
  public Optional<RetentionReport> runPass() {
    if (!store.acquireLease(LEASE, holder, leaseTtl)) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    try {
      Counts counts = new Counts();
      Instant now = clock.instant();
      counts.renewed = now;
      for (TenantPolicy policy : store.policies()) {
        renew(counts);
        pass(policy.tenant(), policy.settings(), now, counts);
      }
      store.recordSuccess(LEASE, clock.instant());
      return Optional.of(
          new RetentionReport(
              counts.messages,
              counts.conversations,
              counts.referenceContexts,
              counts.dormant,
              Duration.ofNanos(System.nanoTime() - started)));
    } catch (LeaseLost lost) {
      return Optional.empty(); // the lease ran out and another instance took it: its pass now
    } finally {
      store.releaseLease(LEASE, holder);
    }
  }

  /**
   * Renews the lease between tenants, and within a tenant once a third of its term has passed since
   * the last renewal (one big tenant can outlast the term); stops the pass when another instance
   * holds it.
   */
  private void renew(Counts counts) {
    if (!store.acquireLease(LEASE, holder, leaseTtl)) {
      throw new LeaseLost();
    }
    counts.renewed = clock.instant();
  }

  private void renewIfDue(Counts counts) {
    if (!clock.instant().isBefore(counts.renewed.plus(leaseTtl.dividedBy(3)))) {
      renew(counts);
    }
  }

  /** Another instance took the lease while this pass ran. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super("the retention lease was taken over", null, false, false);
    }
  }

  @Override
  public Optional<Instant> lastSuccessfulPass() {
    return store.lastSuccess(LEASE);
  }

  private void pass(TenantId tenant, TenantSettings settings, Instant now, Counts counts) {
    if (settings.messageDays() != null) {
      trimMessages(tenant, now.minus(Duration.ofDays(settings.messageDays())), counts);
    }
    if (settings.closedConversationDays() != null) {
      removeClosed(tenant, now.minus(Duration.ofDays(settings.closedConversationDays())), counts);
    }
    if (settings.dormantAfterHours() != null) {
      Instant idleSince = now.minus(Duration.ofHours(settings.dormantAfterHours()));
      List<ConversationId> marked;
      do {
        renewIfDue(counts);
        marked = store.markDormant(tenant, idleSince, batchSize);
        counts.dormant += marked.size();
        marked.forEach(conversation -> messages.changed(tenant, conversation));
      } while (!marked.isEmpty());
    }
    int purged;
    do {
      renewIfDue(counts);
      purged = store.purgeReferenceContexts(tenant, now.minus(grace), batchSize);
      counts.referenceContexts += purged;
    } while (purged > 0);
  }

  private void trimMessages(TenantId tenant, Instant cutoff, Counts counts) {
    List<ConversationId> due;
    while (!(due = store.conversationsWithMessagesBefore(tenant, cutoff, batchSize)).isEmpty()) {
      for (ConversationId conversation : due) {
        int trimmed;
        long total = 0;
        do {
          renewIfDue(counts);
          trimmed = store.trimMessages(tenant, conversation, cutoff, batchSize);
          total += trimmed;
        } while (trimmed > 0);
        counts.messages += total;
        if (total > 0) {
          messages.changed(tenant, conversation); // its window no longer shows what went
        }
      }
    }
  }

  private void removeClosed(TenantId tenant, Instant cutoff, Counts counts) {
    List<ConversationId> due;
    while (!(due = store.closedBefore(tenant, cutoff, batchSize)).isEmpty()) {
      for (ConversationId conversation : due) {
        long[] removed = new long[2];
        do {
          renewIfDue(counts);
        } while (store.removeConversation(tenant, conversation, batchSize, removed) > 0);
        counts.messages += removed[0];
        counts.referenceContexts += removed[1];
        counts.conversations++;
        try {
          referenceContexts.forget(tenant, List.of(conversation));
        } finally {
          messages.forget(tenant, List.of(conversation));
        }
      }
    }
  }

  /** Running totals of one pass. */
  private static final class Counts {
    long messages;
    long conversations;
    long referenceContexts;
    long dormant;
    Instant renewed;
  }
}
