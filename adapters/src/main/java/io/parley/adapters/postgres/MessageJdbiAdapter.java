package io.parley.adapters.postgres;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Handoff;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter.MessageKind;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Appends messages in one statement that takes the next seq from the conversation row and moves its
 * counters; a provider message id seen before rolls that back and returns the stored row.
 */
public final class MessageJdbiAdapter implements MessageStore {
  static final String COLUMNS =
      """
      m.id, m.conversation_id, m.seq, m.direction, m.type, m.text, m.payload::text AS payload,
      m.provider_message_id, m.created_at, m.sent_at, m.delivery_rank, m.delivery_at,
      m.delivery_error_code, m.delivery_error_title""";

  /**
   * The append: the conversation's next seq and counters, the status held for the provider id (if
   * one arrived first; an expired one is left for the sweep), and the row. The held status is taken
   * under the provider id's status lock (changeset 28-1), so a status held at the same time is
   * either taken here or, waiting for this commit, finds the message.
   */
  private static final String APPEND =
      """
      WITH bumped AS (
        UPDATE conversations SET
          last_seq = last_seq + 1,
          message_count = message_count + 1,
          message_counts = jsonb_set(message_counts, ARRAY[:kind],
            to_jsonb(COALESCE((message_counts ->> :kind)::bigint, 0) + 1)),
          updated_at = GREATEST(updated_at, :createdAt),
          last_inbound_at = CASE WHEN :type = 'customer_inbound'
            THEN GREATEST(last_inbound_at, :sentAt) ELSE last_inbound_at END,
      %s
        WHERE tenant_id = :tenant AND id = :conversation
        RETURNING last_seq),
      held AS (SELECT * FROM parley_take_held_status(:tenant, :providerMessageId, :createdAt))
      INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text, payload,
                            provider_message_id, created_at, sent_at, delivery_rank, delivery_at,
                            delivery_error_code, delivery_error_title)
      SELECT :tenant, :conversation, bumped.last_seq, :id, :direction, :type, :text,
             CAST(:payload AS jsonb), :providerMessageId, :createdAt, :sentAt,
             held.rank, held.at, held.code, held.title
      FROM bumped LEFT JOIN held ON true
      ON CONFLICT (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL
      DO NOTHING
      RETURNING seq, delivery_rank, delivery_at, delivery_error_code, delivery_error_title"""
          .formatted(
              HandoffSql.agentMessage(
                  "", ":manual", ":startsHandoff", "CAST(:sentAt AS timestamptz)", ":createdAt"));

  private final PostgresCalls calls;

  public MessageJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  /** The store of record keeps no copy of a conversation's messages: nothing to drop. */
  @Override
  public void changed(TenantId tenant, ConversationId conversation) {}

  /** Nor of a conversation that is gone: nothing to forget. */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {}

  @Override
  public AppendedMessage append(TenantId tenant, NewMessage message) {
    Optional<Message> stored =
        calls.written(
            tenant,
            inserted -> List.of(message.conversationId().toString(), WritePositions.CONVERSATIONS),
            handle -> insert(handle, tenant, message));
    if (stored.isPresent()) {
      return new AppendedMessage(stored.get(), true);
    }
    if (message.providerMessageId() != null) {
      // A retried delivery: the check after the first commit may not have run (it failed, or the
      // writer died), so a status held meanwhile is applied now.
      Optional<Message> earlier =
          calls.written(
              tenant,
              found -> found.map(m -> List.of(m.conversationId().toString())).orElse(List.of()),
              handle -> findByProviderId(handle, tenant, message.providerMessageId()),
              (handle, found) -> found.map(m -> withHeldStatus(handle, tenant, m)));
      if (earlier.isPresent()) {
        return new AppendedMessage(earlier.get(), false);
      }
    }
    throw new NotFoundException("conversation");
  }

  /**
   * After the commit that stored or found a message with a provider id, on its connection: a status
   * held by a transaction that did not see it is applied now (see {@link
   * DeliveryStatuses#applyHeld}). One statement, committed alone. A batch needs it (its statement
   * takes no status locks), and so does a retried delivery (the first one's writer may have died
   * between its commit and this); a single append takes its held status under the lock instead.
   */
  private static Message withHeldStatus(Handle handle, TenantId tenant, Message message) {
    if (message.providerMessageId() == null) {
      return message;
    }
    return DeliveryStatuses.applyHeld(
            handle, tenant, List.of(message.providerMessageId()), message.createdAt())
        .getOrDefault(message.providerMessageId(), message);
  }

  @Override
  public List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<Optional<Message>> outcomes =
            calls.written(
                tenant,
                DeliveryStatuses::conversations,
                handle -> DeliveryStatuses.apply(handle, tenant, reports, now, heldUntil));
        return withLateMessages(tenant, reports, outcomes, now);
      } catch (JdbiException e) {
        if (!PostgresCalls.isDeadlock(e) || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Held reports whose message an append stored while they were being held (the append did not see
   * them): applied now, after their commit, and answered as applied.
   */
  private List<Optional<Message>> withLateMessages(
      TenantId tenant, List<StatusReport> reports, List<Optional<Message>> outcomes, Instant now) {
    List<String> held = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      if (outcomes.get(i).isEmpty() && !held.contains(reports.get(i).providerMessageId())) {
        held.add(reports.get(i).providerMessageId());
      }
    }
    if (held.isEmpty()) {
      return outcomes;
    }
    Map<String, Message> late =
        calls.written(
            tenant,
            applied ->
                applied.values().stream()
                    .map(m -> m.conversationId().toString())
                    .distinct()
                    .toList(),
            handle -> DeliveryStatuses.applyHeld(handle, tenant, held, now));
    if (late.isEmpty()) {
      return outcomes;
    }
    List<Optional<Message>> answered = new ArrayList<>(outcomes);
    for (int i = 0; i < reports.size(); i++) {
      Message found = late.get(reports.get(i).providerMessageId());
      if (found != null) {
        answered.set(i, Optional.of(found));
      }
    }
    return answered;
  }

  @Override
  public List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> messages) {
    for (int attempt = 1; ; attempt++) {
      try {
        return calls.written(
            tenant,
            outcomes -> batchScopes(messages),
            handle -> MessageBatch.append(handle, tenant, messages),
            (handle, outcomes) -> withHeldStatuses(handle, tenant, outcomes));
      } catch (JdbiException e) {
        boolean raced =
            PostgresCalls.violatedConstraint(e)
                .filter("messages_by_provider_id"::equals)
                .isPresent();
        if (!raced || attempt == 10) {
          throw e;
        }
        // A concurrent batch stored one of these provider ids first (the retry finds it stored),
        // or two batches waited on each other's provider ids (PostgreSQL aborted one).
      }
    }
  }

  /** {@link #withHeldStatus} for the messages a batch stored. */
  private static List<Optional<AppendedMessage>> withHeldStatuses(
      Handle handle, TenantId tenant, List<Optional<AppendedMessage>> outcomes) {
    List<Message> created =
        outcomes.stream()
            .flatMap(Optional::stream)
            .filter(AppendedMessage::created)
            .map(AppendedMessage::message)
            .filter(m -> m.providerMessageId() != null)
            .toList();
    if (created.isEmpty()) {
      return outcomes;
    }
    Map<String, Message> applied =
        DeliveryStatuses.applyHeld(
            handle,
            tenant,
            created.stream().map(Message::providerMessageId).toList(),
            created.get(0).createdAt());
    if (applied.isEmpty()) {
      return outcomes;
    }
    List<Optional<AppendedMessage>> answered = new ArrayList<>(outcomes.size());
    for (Optional<AppendedMessage> outcome : outcomes) {
      answered.add(
          outcome.map(
              a -> {
                Message late = applied.get(a.message().providerMessageId());
                return late == null || a.message().providerMessageId() == null
                    ? a
                    : new AppendedMessage(late, a.created());
              }));
    }
    return answered;
  }

  private static List<String> batchScopes(List<NewMessage> messages) {
    List<String> scopes = new java.util.ArrayList<>();
    messages.stream().map(m -> m.conversationId().toString()).distinct().forEach(scopes::add);
    scopes.add(WritePositions.CONVERSATIONS);
    return scopes;
  }

  /** The stored message, or empty (and rolled back) when nothing was inserted. */
  private static Optional<Message> insert(Handle handle, TenantId tenant, NewMessage message) {
    Optional<Message> stored =
        handle
            .createQuery(APPEND)
            .bind("tenant", tenant.value())
            .bind("conversation", message.conversationId().value())
            .bind("kind", new MessageKind(message.direction(), message.type()).key())
            .bind("id", message.id().value())
            .bind("direction", message.direction().wireName())
            .bind("type", message.type().wireName())
            .bind("text", message.text())
            .bind("payload", message.payloadJson())
            .bind("providerMessageId", message.providerMessageId())
            .bind("createdAt", Rows.utc(message.createdAt()))
            .bind("sentAt", Rows.utc(message.sentOrCreatedAt()))
            .bind("manual", message.type() == MessageType.MANUAL_OUTBOUND)
            .bind(
                "startsHandoff",
                Handoff.startedBy(message.type(), message.sentOrCreatedAt(), message.createdAt()))
            .map((rs, ctx) -> stored(message, rs.getLong("seq")).withDelivery(delivery(rs)))
            .findOne();
    if (stored.isEmpty()) {
      // A duplicate delivery: the CTEs already moved the counters (and took a held status); undo.
      handle.rollback();
    }
    return stored;
  }

  private static Optional<Message> findByProviderId(
      Handle handle, TenantId tenant, String providerMessageId) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM messages m WHERE m.tenant_id = :tenant"
                + " AND m.provider_message_id = :providerMessageId")
        .bind("tenant", tenant.value())
        .bind("providerMessageId", providerMessageId)
        .map(MessageJdbiAdapter::map)
        .findOne();
  }

  static Message stored(NewMessage message, long seq) {
    return new Message(
        message.id(),
        message.conversationId(),
        seq,
        message.direction(),
        message.type(),
        message.text(),
        message.payloadJson(),
        message.providerMessageId(),
        message.createdAt(),
        message.sentOrCreatedAt(),
        null);
  }

  static Message map(ResultSet rs, StatementContext ctx) throws SQLException {
    return map(rs, new ConversationId(Rows.uuid(rs, "conversation_id")), "id", "created_at");
  }

  /**
   * A message of {@code conversation} from a row whose id and creation time are in the columns
   * named (a join with the conversation row renames them).
   */
  static Message map(ResultSet rs, ConversationId conversation, String id, String createdAt)
      throws SQLException {
    return new Message(
        new MessageId(Rows.uuid(rs, id)),
        conversation,
        rs.getLong("seq"),
        Direction.parse("direction", rs.getString("direction")),
        MessageType.parse("type", rs.getString("type")),
        rs.getString("text"),
        rs.getString("payload"),
        rs.getString("provider_message_id"),
        Rows.instant(rs, createdAt),
        Rows.instant(rs, "sent_at"),
        delivery(rs));
  }

  /** The standing delivery status of the row, or null (rank 1..4: DeliveryStatus.ofRank). */
  static Delivery delivery(ResultSet rs) throws SQLException {
    int rank = rs.getInt("delivery_rank");
    return rs.wasNull()
        ? null
        : new Delivery(
            DeliveryStatus.ofRank(rank),
            Rows.instant(rs, "delivery_at"),
            rs.getString("delivery_error_code"),
            rs.getString("delivery_error_title"));
  }
}
