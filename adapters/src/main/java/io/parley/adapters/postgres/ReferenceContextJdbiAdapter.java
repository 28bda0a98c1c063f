package io.parley.adapters.postgres;

import io.parley.adapters.json.ReferenceContextJson;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
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
                                                        list_type, items, created_at, expires_at)
                        SELECT :tenant, :conversation, bumped.context_version, :id, :listType,
                               CAST(:items AS json), :createdAt, :expiresAt
                        FROM bumped
                        RETURNING version""")
                    .bind("tenant", tenant.value())
                    .bind("conversation", c.conversationId().value())
                    .bind("id", c.id())
                    .bind("listType", c.listType().wireName())
                    .bind("items", ReferenceContextJson.items(c.items()))
                    .bind("createdAt", Rows.utc(c.createdAt()))
                    .bind("expiresAt", Rows.utc(c.expiresAt()))
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
                    c.expiresAt()))
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
                               r.expires_at
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
                                        : new ReferenceContext(
                                            Rows.uuid(rs, "id"),
                                            conversation,
                                            rs.getLong("version"),
                                            ListType.parse("listType", rs.getString("list_type")),
                                            ReferenceContextJson.items(rs.getString("items")),
                                            Rows.instant(rs, "created_at"),
                                            Rows.instant(rs, "expires_at"))))
                    .list());
    return rows.isEmpty() ? new ContextLookup.ConversationAbsent() : rows.get(0);
  }
}
