package io.parley.domain.port.out;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Appends messages; a repeated provider message id returns the stored message instead. */
public interface MessageStore {
  /**
   * Appends a message with the conversation's next seq, in one transaction that also moves the
   * conversation's counters; under concurrent retries of one provider message id exactly one
   * message is stored and every caller gets it back.
   *
   * @throws NotFoundException when the conversation does not exist for the tenant
   */
  AppendedMessage append(TenantId tenant, NewMessage message);

  /**
   * Appends a batch in one transaction: each conversation's seqs in input order and its counters
   * moved once; a provider message id stored before (or earlier in the batch) answers the stored
   * message. Per message, in input order: what was stored (and whether it is new), or empty when
   * its conversation does not exist for the tenant. Under concurrent, overlapping batches exactly
   * one message is stored per provider message id.
   */
  List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> messages);

  /**
   * Applies delivery-status reports by provider message id in one transaction: a report changes a
   * message's status only when it {@linkplain io.parley.domain.model.Delivery#winsOver wins over}
   * the standing one. A report whose message is not stored is held until {@code heldUntil} and
   * applied by the append (single or batch) that stores the message. Per report, in input order:
   * the message with its standing status, or empty when the report was held.
   */
  List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil);

  /** One delivery-status report of the message with this provider id. */
  record StatusReport(String providerMessageId, Delivery delivery) {}

  /**
   * A message to append; {@code seq} is assigned by the store. {@code sentAt} is the provider's
   * time (null: when it arrived).
   */
  record NewMessage(
      MessageId id,
      ConversationId conversationId,
      Direction direction,
      MessageType type,
      String text,
      String payloadJson,
      String providerMessageId,
      Instant createdAt,
      Instant sentAt) {
    /** A message sent when it arrived. */
    public NewMessage(
        MessageId id,
        ConversationId conversationId,
        Direction direction,
        MessageType type,
        String text,
        String payloadJson,
        String providerMessageId,
        Instant createdAt) {
      this(
          id,
          conversationId,
          direction,
          type,
          text,
          payloadJson,
          providerMessageId,
          createdAt,
          null);
    }

    /** The provider's time, or the arrival time when none was given. */
    public Instant sentOrCreatedAt() {
      return sentAt == null ? createdAt : sentAt;
    }
  }

  /**
   * The conversation's messages or status changed by a statement outside this store (retention
   * trimmed them, or made it dormant): whatever keeps a copy of them here drops it, on every
   * instance, before this returns. Nothing to do for a store that keeps no copy; every store says
   * so itself, so a caching decorator cannot leave it out by mistake.
   */
  void changed(TenantId tenant, ConversationId conversation);

  /**
   * The conversations no longer exist (erased, or removed by retention): whatever keeps a copy of
   * their messages forgets it, in every tier and on every instance, so that no read that began
   * before can put it back. Abstract for the same reason as {@link #changed}.
   */
  void forget(TenantId tenant, List<ConversationId> conversations);
}
