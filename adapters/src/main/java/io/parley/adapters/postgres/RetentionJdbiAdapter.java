package io.parley.adapters.postgres;

import io.parley.adapters.cache.Invalidation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.out.RetentionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The retention pass's statements: each one short transaction over a bounded batch. */
final class RetentionJdbiAdapter implements RetentionStore {
  private final PostgresCalls calls;

  RetentionJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public boolean acquireLease(String name, String holder, Duration ttl) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    INSERT INTO leases (name, holder, expires_at)
                    VALUES (:name, :holder, now() + :ttl * interval '1 millisecond')
                    ON CONFLICT (name) DO UPDATE
                      SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                      WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < now()
                    RETURNING holder""")
                .bind("name", name)
                .bind("holder", holder)
                .bind("ttl", ttl.toMillis())
                .mapTo(String.class)
                .findOne()
                .isPresent());
  }

  @Override
  public void releaseLease(String name, String holder) {
    calls.withHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE leases SET expires_at = now() WHERE name = :name AND holder = :holder")
                .bind("name", name)
                .bind("holder", holder)
                .execute());
  }

  @Override
  public void recordSuccess(String name, Instant at) {
    calls.withHandle(
        handle ->
            handle
                .createUpdate("UPDATE leases SET last_success = :at WHERE name = :name")
                .bind("at", Rows.utc(at))
                .bind("name", name)
                .execute());
  }

  @Override
  public Optional<Instant> lastSuccess(String name) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery("SELECT last_success FROM leases WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> Optional.ofNullable(Rows.instant(rs, "last_success")))
                .findOne()
                .flatMap(found -> found));
  }

  @Override
  public List<TenantPolicy> policies() {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, message_days, closed_conversation_days, dormant_after_hours"
                        + " FROM tenants ORDER BY id")
                .map(
                    (rs, ctx) ->
                        new TenantPolicy(
                            new TenantId(Rows.uuid(rs, "id")),
                            new TenantSettings(
                                (Integer) rs.getObject("message_days"),
                                (Integer) rs.getObject("closed_conversation_days"),
                                (Integer) rs.getObject("dormant_after_hours"))))
                .list());
  }

  @Override
  public List<ConversationId> conversationsWithMessagesBefore(
      TenantId tenant, Instant cutoff, int limit) {
    return conversationIds(
        """
                    SELECT c.id FROM conversations c
                    WHERE c.tenant_id = :tenant AND c.created_at < :cutoff
                      AND c.message_count > 0
                      AND EXISTS (SELECT 1 FROM messages m
                                  WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                                    AND m.seq = c.trimmed_seq + 1 AND m.created_at < :cutoff)
                    LIMIT :limit""",
        tenant,
        cutoff,
        limit);
  }

  @Override
  public int trimMessages(TenantId tenant, ConversationId conversation, Instant cutoff, int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    WITH head AS (
                      SELECT seq, created_at FROM messages
                      WHERE tenant_id = :tenant AND conversation_id = :conversation
                      ORDER BY seq LIMIT :limit),
                    kept AS (SELECT min(seq) AS seq FROM head WHERE created_at >= :cutoff),
                    bound AS (
                      SELECT max(seq) AS upto FROM head
                      WHERE created_at < :cutoff
                        AND seq < coalesce((SELECT seq FROM kept), 9223372036854775807)),
                    doomed AS (
                      DELETE FROM messages m
                      WHERE m.tenant_id = :tenant AND m.conversation_id = :conversation
                        AND m.seq <= (SELECT upto FROM bound)
                      RETURNING m.seq, m.direction || '.' || m.type AS kind),
                    counted AS (SELECT kind, count(*) AS n FROM doomed GROUP BY kind)
                    UPDATE conversations c SET
                      message_count = c.message_count - (SELECT count(*) FROM doomed),
                      trimmed_seq = greatest(c.trimmed_seq, (SELECT max(seq) FROM doomed)),
                      message_counts = (
                        SELECT coalesce(jsonb_object_agg(e.key, e.value::bigint - coalesce(k.n, 0)),
                                        '{}'::jsonb)
                        FROM jsonb_each_text(c.message_counts) e
                        LEFT JOIN counted k ON k.kind = e.key)
                    WHERE c.tenant_id = :tenant AND c.id = :conversation
                      AND EXISTS (SELECT 1 FROM doomed)
                    RETURNING (SELECT count(*) FROM doomed)""")
                .bind("tenant", tenant.value())
                .bind("conversation", conversation.value())
                .bind("cutoff", Rows.utc(cutoff))
                .bind("limit", limit)
                .mapTo(Integer.class)
                .findOne()
                .orElse(0));
  }

  @Override
  public List<ConversationId> closedBefore(TenantId tenant, Instant cutoff, int limit) {
    return conversationIds(
        "SELECT id FROM conversations WHERE tenant_id = :tenant AND status = 'closed'"
            + " AND updated_at < :cutoff ORDER BY updated_at LIMIT :limit",
        tenant,
        cutoff,
        limit);
  }

  @Override
  public int removeConversation(
      TenantId tenant, ConversationId conversation, int limit, long[] removed) {
    return calls.inTransaction(
        handle -> {
          int messages =
              handle
                  .createUpdate(ErasureJdbiAdapter.DELETE_OLDEST_MESSAGES)
                  .bind("tenant", tenant.value())
                  .bind("conversation", conversation.value())
                  .bind("limit", limit)
                  .execute();
          if (messages > 0) {
            removed[0] += messages;
            return messages;
          }
          int contexts =
              handle
                  .createUpdate(
                      "DELETE FROM reference_contexts WHERE tenant_id = :tenant"
                          + " AND conversation_id = :conversation")
                  .bind("tenant", tenant.value())
                  .bind("conversation", conversation.value())
                  .execute();
          removed[1] += contexts;
          Optional<UUID> customer =
              handle
                  .createQuery(
                      "DELETE FROM conversations WHERE tenant_id = :tenant AND id = :conversation"
                          + " AND status = 'closed' RETURNING customer_id")
                  .bind("tenant", tenant.value())
                  .bind("conversation", conversation.value())
                  .mapTo(UUID.class)
                  .findOne();
          customer.ifPresent(
              id ->
                  handle
                      .createUpdate(
                          """
                          DELETE FROM customers u WHERE u.tenant_id = :tenant AND u.id = :customer
                            AND NOT EXISTS (SELECT 1 FROM conversations c
                                            WHERE c.tenant_id = u.tenant_id AND c.customer_id = u.id)""")
                      .bind("tenant", tenant.value())
                      .bind("customer", id)
                      .execute());
          // Every instance's caches forget it even if this process dies right after the commit,
          // or its cache tiers fail to forget it (the change log is applied before any cache
          // lease is renewed).
          customer.ifPresent(
              id ->
                  ChangeLogJdbiAdapter.insert(
                      handle, Invalidation.conversationGone(tenant, conversation)));
          return contexts + (customer.isPresent() ? 1 : 0);
        });
  }

  @Override
  public List<ConversationId> markDormant(TenantId tenant, Instant cutoff, int limit) {
    // Open or bot as read now: also a row still stored as handoff whose handoff ended by itself
    // (at its until, or idle), which goes dormant with its handoff cleared.
    return conversationIds(
        """
                    UPDATE conversations c SET status = 'dormant', handoff_since = NULL,
                      handoff_prior_status = NULL, handoff_assignee = NULL, handoff_reason = NULL,
                      handoff_until = NULL, handoff_agent_at = NULL, handoff_idle_minutes = NULL
                    FROM (SELECT id FROM conversations
                          WHERE tenant_id = :tenant AND status IN ('open', 'bot', 'handoff')
                            AND %1$s IN ('open', 'bot') AND updated_at < :cutoff
                          LIMIT :limit) d
                    WHERE c.tenant_id = :tenant AND c.id = d.id
                      AND %2$s IN ('open', 'bot') AND c.updated_at < :cutoff
                    RETURNING c.id"""
            .formatted(HandoffSql.status("", "now()"), HandoffSql.status("c.", "now()")),
        tenant,
        cutoff,
        limit);
  }

  @Override
  public int purgeReferenceContexts(TenantId tenant, Instant cutoff, int limit) {
    return updateBefore(
        """
                    DELETE FROM reference_contexts r USING (
                      SELECT o.conversation_id, o.version FROM reference_contexts o
                      WHERE o.tenant_id = :tenant
                        AND (o.expires_at < :cutoff
                             OR EXISTS (SELECT 1 FROM reference_contexts n
                                        WHERE n.tenant_id = o.tenant_id
                                          AND n.conversation_id = o.conversation_id
                                          AND n.version > o.version AND n.created_at < :cutoff))
                      LIMIT :limit) d
                    WHERE r.tenant_id = :tenant AND r.conversation_id = d.conversation_id
                      AND r.version = d.version""",
        tenant,
        cutoff,
        limit);
  }

  /** Conversation ids a tenant-scoped query with a cutoff and a limit finds. */
  private List<ConversationId> conversationIds(
      String sql, TenantId tenant, Instant cutoff, int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(sql)
                .bind("tenant", tenant.value())
                .bind("cutoff", Rows.utc(cutoff))
                .bind("limit", limit)
                .map((rs, ctx) -> new ConversationId(Rows.uuid(rs, "id")))
                .list());
  }

  /** Runs a tenant-scoped batch with a cutoff and a limit; the rows it changed. */
  private int updateBefore(String sql, TenantId tenant, Instant cutoff, int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createUpdate(sql)
                .bind("tenant", tenant.value())
                .bind("cutoff", Rows.utc(cutoff))
                .bind("limit", limit)
                .execute());
  }
}
