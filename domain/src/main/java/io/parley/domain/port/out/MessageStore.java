package io.parley.domain.port.out;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
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

  /** A message to append; {@code seq} is assigned by the store. */
  record NewMessage(
      MessageId id,
      ConversationId conversationId,
      Direction direction,
      MessageType type,
      String text,
      String payloadJson,
      String providerMessageId,
      Instant createdAt) {}
}
