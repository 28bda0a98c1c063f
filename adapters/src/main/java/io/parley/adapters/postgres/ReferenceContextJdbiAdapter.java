package io.parley.adapters.postgres;

import io.parley.adapters.json.ReferenceContextJson;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reference contexts in PostgreSQL: versioned rows, the newest read by one backward index step. */
public final class ReferenceContextJdbiAdapter implements ReferenceContextStore {
  private final PostgresCalls calls;

  public ReferenceContextJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public ReferenceContext save(TenantId tenant, NewReferenceContext c) {
    Optional<Long> version =
        calls.written(
            tenant,
            saved -> List.of(c.conversationId().toString()),
            handle ->
                handle
                    .createQuery(
                        """
                        WITH bumped AS (
                          UPDATE conversations SET context_version = context_version + 1
                          WHERE tenant_id = :tenant AND id = :conversation
                          RETURNING context_version)
                        INSERT INTO reference_contexts (tenant_id, conversation_id, version, id,
                                                        list_type, items, created_at, expires_at,
                                                        provider_message_id)
                        SELECT :tenant, :conversation, bumped.context_version, :id, :listType,
                               CAST(:items AS json), :createdAt, :expiresAt, :providerMessageId
                        FROM bumped
                        RETURNING version""")
                    .bind("tenant", tenant.value())
                    .bind("conversation", c.conversationId().value())
                    .bind("id", c.id())
                    .bind("listType", c.listType().wireName())
                    .bind("items", ReferenceContextJson.items(c.items()))
                    .bind("createdAt", Rows.utc(c.createdAt()))
                    .bind("expiresAt", Rows.utc(c.expiresAt()))
                    .bind("providerMessageId", c.providerMessageId())
                    .mapTo(Long.class)
                    .findOne());
    return version
        .map(
            v ->
                new ReferenceContext(
                    c.id(),
                    c.conversationId(),
                    v,
                    c.listType(),
                    c.items(),
                    c.createdAt(),
                    c.expiresAt(),
                    c.providerMessageId()))
        .orElseThrow(() -> new NotFoundException("conversation"));
  }

  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    List<ContextLookup> rows =
        calls.read(
            tenant,
            conversation.toString(),
            handle ->
                handle
                    .createQuery(
                        """
                        SELECT r.id, r.version, r.list_type, r.items::text AS items, r.created_at,
                               r.expires_at, r.provider_message_id
                        FROM conversations c
                        LEFT JOIN LATERAL (
                          SELECT * FROM reference_contexts r
                          WHERE r.tenant_id = :tenant AND r.conversation_id = :conversation
                          ORDER BY r.version DESC LIMIT 1) r ON true
                        WHERE c.tenant_id = :tenant AND c.id = :conversation""")
                    .bind("tenant", tenant.value())
                    .bind("conversation", conversation.value())
                    .map(
                        (rs, ctx) ->
                            (ContextLookup)
                                new ContextLookup.Newest(
                                    rs.getObject("version") == null
                                        ? null
                                        : context(rs, conversation)))
                    .list());
    return rows.isEmpty() ? new ContextLookup.ConversationAbsent() : rows.get(0);
  }

  /** The store of record keeps no copy of a conversation's contexts: nothing to forget. */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {}

  /**
   * One statement: the conversation, the newest version the message showed (the partial index
   * {@code reference_contexts_by_message}), and the creation of the version after it (a primary key
   * step), when the list was superseded.
   */
  @Override
  public QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    List<QuotedContextLookup> rows =
        calls.read(
            tenant,
            conversation.toString(),
            handle ->
                handle
                    .createQuery(
                        """
                        SELECT r.id, r.version, r.list_type, r.items::text AS items, r.created_at,
                               r.expires_at, r.provider_message_id,
                               (SELECT n.created_at FROM reference_contexts n
                                WHERE n.tenant_id = :tenant AND n.conversation_id = :conversation
                                  AND n.version > r.version
                                ORDER BY n.version LIMIT 1) AS superseded_at
                        FROM conversations c
                        LEFT JOIN LATERAL (
                          SELECT * FROM reference_contexts r
                          WHERE r.tenant_id = :tenant AND r.conversation_id = :conversation
                            AND r.provider_message_id = :message
                          ORDER BY r.version DESC LIMIT 1) r ON true
                        WHERE c.tenant_id = :tenant AND c.id = :conversation""")
                    .bind("tenant", tenant.value())
                    .bind("conversation", conversation.value())
                    .bind("message", providerMessageId)
                    .map(
                        (rs, ctx) ->
                            rs.getObject("version") == null
                                ? (QuotedContextLookup) new QuotedContextLookup.NotShown()
                                : new QuotedContextLookup.Shown(
                                    context(rs, conversation),
                                    rs.getObject("superseded_at") == null
                                        ? null
                                        : Rows.instant(rs, "superseded_at")))
                    .list());
    return rows.isEmpty() ? new QuotedContextLookup.ConversationAbsent() : rows.get(0);
  }

  private static ReferenceContext context(ResultSet rs, ConversationId conversation)
      throws SQLException {
    return new ReferenceContext(
        Rows.uuid(rs, "id"),
        conversation,
        rs.getLong("version"),
        ListType.parse("listType", rs.getString("list_type")),
        ReferenceContextJson.items(rs.getString("items")),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "expires_at"),
        rs.getString("provider_message_id"));
  }
}
