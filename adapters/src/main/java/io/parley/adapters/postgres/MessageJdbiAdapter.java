package io.parley.adapters.postgres;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter.MessageKind;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
      m.provider_message_id, m.created_at""";

  private static final String APPEND =
      """
      WITH bumped AS (
        UPDATE conversations SET
          last_seq = last_seq + 1,
          message_count = message_count + 1,
          message_counts = jsonb_set(message_counts, ARRAY[:kind],
            to_jsonb(COALESCE((message_counts ->> :kind)::bigint, 0) + 1)),
          updated_at = GREATEST(updated_at, :createdAt)
        WHERE tenant_id = :tenant AND id = :conversation
        RETURNING last_seq)
      INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text, payload,
                            provider_message_id, created_at)
      SELECT :tenant, :conversation, bumped.last_seq, :id, :direction, :type, :text,
             CAST(:payload AS jsonb), :providerMessageId, :createdAt
      FROM bumped
      ON CONFLICT (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL
      DO NOTHING
      RETURNING seq""";

  private final PostgresCalls calls;

  public MessageJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public AppendedMessage append(TenantId tenant, NewMessage message) {
    Optional<Long> seq =
        calls.written(
            tenant,
            stored -> List.of(message.conversationId().toString(), WritePositions.CONVERSATIONS),
            handle -> insert(handle, tenant, message));
    if (seq.isPresent()) {
      return new AppendedMessage(stored(message, seq.get()), true);
    }
    if (message.providerMessageId() != null) {
      Optional<Message> earlier = findByProviderId(tenant, message.providerMessageId());
      if (earlier.isPresent()) {
        return new AppendedMessage(earlier.get(), false);
      }
    }
    throw new NotFoundException("conversation");
  }

  @Override
  public List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> messages) {
    for (int attempt = 1; ; attempt++) {
      try {
        return calls.written(
            tenant,
            outcomes -> batchScopes(messages),
            handle -> MessageBatch.append(handle, tenant, messages));
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

  private static List<String> batchScopes(List<NewMessage> messages) {
    List<String> scopes = new java.util.ArrayList<>();
    messages.stream().map(m -> m.conversationId().toString()).distinct().forEach(scopes::add);
    scopes.add(WritePositions.CONVERSATIONS);
    return scopes;
  }

  /** The new seq, or empty (and rolled back) when nothing was inserted. */
  private static Optional<Long> insert(Handle handle, TenantId tenant, NewMessage message) {
    Optional<Long> seq =
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
            .mapTo(Long.class)
            .findOne();
    if (seq.isEmpty()) {
      // A duplicate delivery: the CTE already moved the counters; undo that.
      handle.rollback();
    }
    return seq;
  }

  private Optional<Message> findByProviderId(TenantId tenant, String providerMessageId) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM messages m WHERE m.tenant_id = :tenant"
                        + " AND m.provider_message_id = :providerMessageId")
                .bind("tenant", tenant.value())
                .bind("providerMessageId", providerMessageId)
                .map(MessageJdbiAdapter::map)
                .findOne());
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
        message.createdAt());
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
        Rows.instant(rs, createdAt));
  }
}
