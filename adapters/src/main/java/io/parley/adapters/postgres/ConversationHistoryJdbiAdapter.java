package io.parley.adapters.postgres;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageFilter.MessageKind;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * History pages in one statement each. The conversation row is the outer side of a lateral join, so
 * an absent conversation (no row) and an empty page (one row of nulls) are told apart without a
 * second query; the messages come from an index range scan in seq order.
 */
public final class ConversationHistoryJdbiAdapter implements ConversationHistory {
  private final PostgresCalls calls;

  @Override
  public ConversationHistory primary() {
    return new ConversationHistoryJdbiAdapter(calls.primaryOnly());
  }

  public ConversationHistoryJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    return calls.read(
        tenant,
        conversation.toString(),
        handle -> {
          List<Optional<Message>> rows =
              sliceQuery(handle, "", tenant, conversation, filter, position, limit + 1)
                  .map(ConversationHistoryJdbiAdapter::mapOptional)
                  .list();
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          List<Message> messages = present(rows);
          boolean hasMore = messages.size() > limit;
          return Optional.of(
              new HistorySlice(hasMore ? messages.subList(0, limit) : messages, hasMore));
        });
  }

  /** The slice statement, bound; {@code prefix} lets a test put EXPLAIN in front of it. */
  static Query sliceQuery(
      Handle handle,
      String prefix,
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int rows) {
    String bound =
        position instanceof HistoryPosition.Before
            ? " AND m.seq < :seq"
            : position instanceof HistoryPosition.After ? " AND m.seq > :seq" : "";
    String sql =
        prefix
            + """
            SELECT m.* FROM conversations c
            LEFT JOIN LATERAL (
              SELECT %s FROM messages m
              WHERE m.tenant_id = :tenant AND m.conversation_id = :conversation%s%s
              ORDER BY m.seq %s LIMIT :limit) m ON true
            WHERE c.tenant_id = :tenant AND c.id = :conversation"""
                .formatted(
                    MessageJdbiAdapter.COLUMNS,
                    filterSql(filter),
                    bound,
                    position.newestFirst() ? "DESC" : "ASC");
    Query query = bindFilter(handle.createQuery(sql), tenant, conversation, filter);
    query.bind("limit", rows);
    if (position instanceof HistoryPosition.Before before) {
      query.bind("seq", before.seq());
    } else if (position instanceof HistoryPosition.After after) {
      query.bind("seq", after.seq());
    }
    return query;
  }

  @Override
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    String sql = windowSql(filter);
    return calls.read(
        tenant,
        conversation.toString(),
        handle -> {
          Query query =
              bindFilter(handle.createQuery(sql), tenant, conversation, filter)
                  .bind("limit", limit);
          List<Map.Entry<Conversation, Optional<Message>>> rows =
              query
                  .map(
                      (rs, ctx) ->
                          Map.entry(
                              ConversationJdbiAdapter.map(rs, ctx),
                              windowMessage(rs, conversation)))
                  .list();
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          List<Message> messages = new ArrayList<>();
          rows.forEach(row -> row.getValue().ifPresent(messages::add));
          return Optional.of(new ConversationWindow(rows.get(0).getKey(), messages));
        });
  }

  /** The window statement; its parameters are :tenant, :conversation, :limit and the filter's. */
  static String windowSql(MessageFilter filter) {
    return """
        SELECT %s, w.id AS message_id, w.seq, w.direction, w.type, w.text, w.payload,
               w.provider_message_id, w.created_at AS message_created_at, w.sent_at,
               w.delivery_rank, w.delivery_at, w.delivery_error_code, w.delivery_error_title
        FROM conversations c
        JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
        LEFT JOIN LATERAL (
          SELECT m.id, m.seq, m.direction, m.type, m.text, m.payload::text AS payload,
                 m.provider_message_id, m.created_at, m.sent_at, m.delivery_rank, m.delivery_at,
                 m.delivery_error_code, m.delivery_error_title
          FROM messages m
          WHERE m.tenant_id = :tenant AND m.conversation_id = :conversation%s
          ORDER BY m.seq DESC LIMIT :limit) w ON true
        WHERE c.tenant_id = :tenant AND c.id = :conversation
        ORDER BY w.seq"""
        .formatted(ConversationJdbiAdapter.COLUMNS, filterSql(filter));
  }

  private static Optional<Message> windowMessage(ResultSet rs, ConversationId conversation)
      throws SQLException {
    return rs.getObject("seq") == null
        ? Optional.empty()
        : Optional.of(MessageJdbiAdapter.map(rs, conversation, "message_id", "message_created_at"));
  }

  /**
   * When every message of the conversation passes the filter (the usual case: no system messages,
   * or includeSystem), seqs are dense (retention deletes only a prefix, trimmed_seq), so page N is
   * a seq range and costs the same at any depth; otherwise it falls back to OFFSET over the
   * filtered index.
   */
  @Override
  public Optional<HistoryPage> readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst) {
    return calls.read(
        tenant,
        conversation.toString(),
        handle -> {
          long[] total = {-1};
          List<Optional<Message>> rows =
              pageQuery(handle, "", tenant, conversation, filter, page, pageSize, oldestFirst)
                  .map(
                      (rs, ctx) -> {
                        total[0] = rs.getLong("total");
                        return mapOptional(rs, ctx);
                      })
                  .list();
          if (rows.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new HistoryPage(present(rows), total[0]));
        });
  }

  /** The numbered-page statement, bound; {@code prefix} lets a test put EXPLAIN in front. */
  static Query pageQuery(
      Handle handle,
      String prefix,
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst) {
    String seqBound =
        oldestFirst
            ? " AND m.seq > CASE WHEN c.dense THEN c.trimmed_seq + :offset ELSE 0 END"
            : " AND m.seq <= CASE WHEN c.dense THEN c.last_seq - :offset ELSE c.last_seq END";
    String sql =
        prefix
            + """
            WITH c AS (
              SELECT last_seq, trimmed_seq, total,
                total = message_count AND message_count = last_seq - trimmed_seq AS dense
              FROM (
                SELECT last_seq, trimmed_seq, message_count,
                  (SELECT COALESCE(sum(value::bigint), 0) FROM jsonb_each_text(message_counts)
                   WHERE key = ANY(:kinds)) AS total
                FROM conversations WHERE tenant_id = :tenant AND id = :conversation) counted)
            SELECT c.total, m.* FROM c
            LEFT JOIN LATERAL (
              SELECT %s FROM messages m
              WHERE m.tenant_id = :tenant AND m.conversation_id = :conversation%s%s
              ORDER BY m.seq %s
              LIMIT :limit OFFSET CASE WHEN c.dense THEN 0 ELSE :offset END) m ON true"""
                .formatted(
                    MessageJdbiAdapter.COLUMNS,
                    filterSql(filter),
                    seqBound,
                    oldestFirst ? "ASC" : "DESC");
    return bindFilter(handle.createQuery(sql), tenant, conversation, filter)
        .bind("limit", pageSize)
        .bind("offset", (long) (page - 1) * pageSize)
        .bindArray("kinds", String.class, filter.kinds().stream().map(MessageKind::key).toList());
  }

  /**
   * The filter's predicate. The type is written as a literal (an enum's wire name, never user text)
   * so that the planner can prove the partial index {@code messages_by_rare_type} applies, also
   * under a prepared statement's generic plan; direction and the customer and bot types are served
   * by the primary key in seq order (changeset 8-message-indexes).
   */
  private static String filterSql(MessageFilter filter) {
    StringBuilder sql = new StringBuilder();
    if (filter.type() != null) {
      sql.append(" AND m.type = '").append(filter.type().wireName()).append('\'');
    } else if (!filter.includeSystem()) {
      sql.append(" AND m.type <> 'system'");
    }
    if (filter.direction() != null) {
      sql.append(" AND m.direction = :direction");
    }
    return sql.toString();
  }

  private static Query bindFilter(
      Query query, TenantId tenant, ConversationId conversation, MessageFilter filter) {
    query.bind("tenant", tenant.value()).bind("conversation", conversation.value());
    if (filter.direction() != null) {
      query.bind("direction", filter.direction().wireName());
    }
    return query;
  }

  private static Optional<Message> mapOptional(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return rs.getObject("seq") == null
        ? Optional.empty()
        : Optional.of(MessageJdbiAdapter.map(rs, ctx));
  }

  private static List<Message> present(List<Optional<Message>> rows) {
    List<Message> messages = new ArrayList<>(rows.size());
    rows.forEach(row -> row.ifPresent(messages::add));
    return messages;
  }
}
