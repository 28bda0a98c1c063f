package io.parley.adapters.postgres;

import io.parley.adapters.cache.Invalidation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ErasureStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Erasures over PostgreSQL: batches delete by primary key ranges picked with LIMIT (so each holds
 * its row locks briefly), and each moves its audit row's count in the same transaction.
 */
final class ErasureJdbiAdapter implements ErasureStore {
  private static final String COLUMNS =
      "id, kind, status, conversations, messages, reference_contexts, requested_at, completed_at";

  private final PostgresCalls calls;

  ErasureJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  static Optional<Erasure> byId(Handle handle, TenantId tenant, UUID erasureId) {
    return byId(handle, tenant, erasureId, false);
  }

  /** The erasure, its row locked for the transaction when {@code lock}. */
  private static Optional<Erasure> byId(
      Handle handle, TenantId tenant, UUID erasureId, boolean lock) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM erasures WHERE tenant_id = :tenant AND id = :id"
                + (lock ? " FOR UPDATE" : ""))
        .bind("tenant", tenant.value())
        .bind("id", erasureId)
        .map(ErasureJdbiAdapter::map)
        .findOne();
  }

  /** Marks the erasure completed and returns it. */
  static Erasure completed(Handle handle, TenantId tenant, UUID erasureId, Instant now) {
    return handle
        .createQuery(
            "UPDATE erasures SET status = 'completed', completed_at = :now,"
                + " updated_at = :now WHERE tenant_id = :tenant AND id = :id"
                + " RETURNING "
                + COLUMNS)
        .bind("now", Rows.utc(now))
        .bind("tenant", tenant.value())
        .bind("id", erasureId)
        .map(ErasureJdbiAdapter::map)
        .one();
  }

  /**
   * Records a running erasure of the subject and returns the subject's erasure: this one, or one a
   * concurrent request recorded first.
   */
  static Optional<Erasure> record(
      Handle handle,
      TenantId tenant,
      Erasure.Kind kind,
      String subjectHash,
      UUID erasureId,
      Instant now) {
    handle
        .createUpdate(
            """
            INSERT INTO erasures (tenant_id, id, kind, subject_hash, status, requested_at,
                                  updated_at)
            VALUES (:tenant, :id, :kind, :subject, 'running', :now, :now)
            ON CONFLICT (tenant_id, subject_hash) DO NOTHING""")
        .bind("tenant", tenant.value())
        .bind("id", erasureId)
        .bind("kind", kind.wireName())
        .bind("subject", subjectHash)
        .bind("now", Rows.utc(now))
        .execute();
    return bySubject(handle, tenant, subjectHash);
  }

  static Optional<Erasure> bySubject(Handle handle, TenantId tenant, String subjectHash) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM erasures WHERE tenant_id = :tenant AND subject_hash = :subject")
        .bind("tenant", tenant.value())
        .bind("subject", subjectHash)
        .map(ErasureJdbiAdapter::map)
        .findOne();
  }

  @Override
  public Optional<Erasure> begin(
      TenantId tenant, CustomerId customer, String subjectHash, UUID erasureId, Instant now) {
    return calls.inTransaction(
        handle -> {
          Optional<Erasure> known = bySubject(handle, tenant, subjectHash);
          if (known.isPresent()) {
            return known;
          }
          boolean exists =
              handle
                  .createQuery(
                      "SELECT true FROM customers WHERE tenant_id = :tenant AND id = :customer"
                          + " FOR UPDATE")
                  .bind("tenant", tenant.value())
                  .bind("customer", customer.value())
                  .mapTo(Boolean.class)
                  .findOne()
                  .isPresent();
          if (!exists) {
            return Optional.empty();
          }
          return record(handle, tenant, Erasure.Kind.CUSTOMER, subjectHash, erasureId, now);
        });
  }

  @Override
  public List<ConversationId> conversationsOf(TenantId tenant, CustomerId customer) {
    return calls.withHandle(handle -> conversationsOf(handle, tenant, customer, false));
  }

  private static List<ConversationId> conversationsOf(
      Handle handle, TenantId tenant, CustomerId customer, boolean lock) {
    return handle
        .createQuery(
            "SELECT id FROM conversations WHERE tenant_id = :tenant AND customer_id = :customer"
                + " ORDER BY id"
                + (lock ? " FOR UPDATE" : ""))
        .bind("tenant", tenant.value())
        .bind("customer", customer.value())
        .map((rs, ctx) -> new ConversationId(Rows.uuid(rs, "id")))
        .list();
  }

  /**
   * A conversation's oldest {@code :limit} messages, deleted as a seq range (an index range scan
   * whatever the statistics say: joining a LIMIT subquery became a nested loop over a sequential
   * scan on a freshly loaded table).
   */
  static final String DELETE_OLDEST_MESSAGES =
      """
      DELETE FROM messages
      WHERE tenant_id = :tenant AND conversation_id = :conversation
        AND seq <= (SELECT max(seq) FROM (
          SELECT seq FROM messages WHERE tenant_id = :tenant AND conversation_id = :conversation
          ORDER BY seq LIMIT :limit) b)""";

  @Override
  public int eraseMessages(
      TenantId tenant, UUID erasureId, List<ConversationId> conversations, int limit) {
    return eraseBatch(tenant, erasureId, conversations, limit, DELETE_OLDEST_MESSAGES, "messages");
  }

  @Override
  public int eraseReferenceContexts(
      TenantId tenant, UUID erasureId, List<ConversationId> conversations, int limit) {
    return eraseBatch(
        tenant,
        erasureId,
        conversations,
        limit,
        """
        DELETE FROM reference_contexts
        WHERE tenant_id = :tenant AND conversation_id = :conversation
          AND version <= (SELECT max(version) FROM (
            SELECT version FROM reference_contexts
            WHERE tenant_id = :tenant AND conversation_id = :conversation
            ORDER BY version LIMIT :limit) b)""",
        "reference_contexts");
  }

  /**
   * Deletes the lowest {@code limit} keys of each conversation in turn (a key range: an index range
   * scan whatever the statistics say), until one deletes something; its count moves with it.
   */
  private int eraseBatch(
      TenantId tenant,
      UUID erasureId,
      List<ConversationId> conversations,
      int limit,
      String delete,
      String counter) {
    for (ConversationId conversation : conversations) {
      int deleted =
          calls.inTransaction(
              handle -> {
                int rows =
                    handle
                        .createUpdate(delete)
                        .bind("tenant", tenant.value())
                        .bind("conversation", conversation.value())
                        .bind("limit", limit)
                        .execute();
                count(handle, tenant, erasureId, counter, rows);
                return rows;
              });
      if (deleted > 0) {
        return deleted;
      }
    }
    return 0;
  }

  static void count(Handle handle, TenantId tenant, UUID erasureId, String counter, long deleted) {
    if (deleted > 0) {
      handle
          .createUpdate(
              "UPDATE erasures SET %1$s = %1$s + :deleted, updated_at = now()".formatted(counter)
                  + " WHERE tenant_id = :tenant AND id = :id")
          .bind("deleted", deleted)
          .bind("tenant", tenant.value())
          .bind("id", erasureId)
          .execute();
    }
  }

  @Override
  public Finished finish(TenantId tenant, UUID erasureId, CustomerId customer, Instant now) {
    return calls.written(
        tenant,
        finished -> {
          List<String> scopes = new java.util.ArrayList<>();
          finished.conversations().forEach(c -> scopes.add(c.toString()));
          scopes.add(WritePositions.CONVERSATIONS);
          return scopes;
        },
        handle -> {
          // Locked first: a DELETE repeated while this one ran finishes after it and finds it done.
          Erasure before = byId(handle, tenant, erasureId, true).orElseThrow();
          if (before.completed()) {
            return new Finished(before, List.of(), false);
          }
          handle
              .createQuery(
                  "SELECT id FROM customers WHERE tenant_id = :tenant AND id = :customer FOR UPDATE")
              .bind("tenant", tenant.value())
              .bind("customer", customer.value())
              .mapTo(UUID.class)
              .findOne();
          List<ConversationId> conversations = conversationsOf(handle, tenant, customer, true);
          UUID[] ids = conversations.stream().map(ConversationId::value).toArray(UUID[]::new);
          count(handle, tenant, erasureId, "messages", deleteOf(handle, "messages", tenant, ids));
          count(
              handle,
              tenant,
              erasureId,
              "reference_contexts",
              deleteOf(handle, "reference_contexts", tenant, ids));
          count(
              handle,
              tenant,
              erasureId,
              "conversations",
              handle
                  .createUpdate(
                      "DELETE FROM conversations WHERE tenant_id = :tenant AND id = ANY(:ids)")
                  .bind("tenant", tenant.value())
                  .bind("ids", ids)
                  .execute());
          handle
              .createUpdate("DELETE FROM customers WHERE tenant_id = :tenant AND id = :customer")
              .bind("tenant", tenant.value())
              .bind("customer", customer.value())
              .execute();
          // Every instance's caches forget the conversations even if this process dies right
          // after the commit (the change log is applied before any cache lease is renewed).
          conversations.forEach(
              conversation ->
                  ChangeLogJdbiAdapter.insert(
                      handle, Invalidation.conversationGone(tenant, conversation)));
          WebhookOutbox.erased(handle, tenant, customer, ids);
          Erasure completed = completed(handle, tenant, erasureId, now);
          if (ids.length > 0) {
            // until the caches of every instance forgot them (see forgotten)
            handle
                .createUpdate(
                    "UPDATE erasures SET forgetting = :ids WHERE tenant_id = :tenant AND id = :id")
                .bind("ids", ids)
                .bind("tenant", tenant.value())
                .bind("id", erasureId)
                .execute();
          }
          return new Finished(completed, conversations, true);
        });
  }

  @Override
  public List<Unforgotten> unforgotten(TenantId tenant) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, forgetting FROM erasures"
                        + " WHERE tenant_id = :tenant AND forgetting IS NOT NULL ORDER BY id")
                .bind("tenant", tenant.value())
                .map(
                    (rs, ctx) ->
                        new Unforgotten(
                            Rows.uuid(rs, "id"),
                            java.util.Arrays.stream((Object[]) rs.getArray("forgetting").getArray())
                                .map(id -> new ConversationId(UUID.fromString(id.toString())))
                                .toList()))
                .list());
  }

  @Override
  public void forgotten(TenantId tenant, UUID erasureId) {
    calls.withHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE erasures SET forgetting = NULL"
                        + " WHERE tenant_id = :tenant AND id = :id AND forgetting IS NOT NULL")
                .bind("tenant", tenant.value())
                .bind("id", erasureId)
                .execute());
  }

  private static int deleteOf(Handle handle, String table, TenantId tenant, UUID[] conversations) {
    return handle
        .createUpdate(
            "DELETE FROM "
                + table
                + " WHERE tenant_id = :tenant AND conversation_id = ANY(:conversations)")
        .bind("tenant", tenant.value())
        .bind("conversations", conversations)
        .execute();
  }

  @Override
  public List<Erasure> list(TenantId tenant, int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM erasures WHERE tenant_id = :tenant"
                        + " ORDER BY requested_at DESC, id DESC LIMIT :limit")
                .bind("tenant", tenant.value())
                .bind("limit", limit)
                .map(ErasureJdbiAdapter::map)
                .list());
  }

  private static Erasure map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Erasure(
        Rows.uuid(rs, "id"),
        Erasure.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        "completed".equals(rs.getString("status")),
        rs.getLong("conversations"),
        rs.getLong("messages"),
        rs.getLong("reference_contexts"),
        Rows.instant(rs, "requested_at"),
        Rows.instant(rs, "completed_at"));
  }
}
