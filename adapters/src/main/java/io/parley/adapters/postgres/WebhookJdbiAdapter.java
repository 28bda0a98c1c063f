package io.parley.adapters.postgres;

import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.out.WebhookStore;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhooks in {@code webhooks}, their deliveries in {@code webhook_deliveries} (changeset 27). */
public final class WebhookJdbiAdapter implements WebhookStore {
  private static final String COLUMNS = "id, url, events, include_content, created_at";

  /** The most events one replay queues (the oldest first; replay again from a later time). */
  public static final int MAX_REPLAY = 100_000;

  private final PostgresCalls calls;

  WebhookJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public Optional<Webhook> create(TenantId tenant, Webhook webhook, String secret, int max) {
    return calls.inTransaction(
        handle -> {
          // The tenant row, locked: concurrent creations count one after the other.
          handle
              .createQuery(
                  "SELECT id FROM tenants WHERE id = :tenant AND removed_at IS NULL FOR UPDATE")
              .bind("tenant", tenant.value())
              .mapTo(UUID.class)
              .findOne()
              .orElseThrow(() -> new NotFoundException("tenant"));
          int existing =
              handle
                  .createQuery("SELECT count(*) FROM webhooks WHERE tenant_id = :tenant")
                  .bind("tenant", tenant.value())
                  .mapTo(Integer.class)
                  .one();
          if (existing >= max) {
            return Optional.empty();
          }
          handle
              .createUpdate(
                  """
                  INSERT INTO webhooks (tenant_id, id, url, events, include_content, secret,
                                        created_at)
                  VALUES (:tenant, :id, :url, :events, :includeContent, :secret, :createdAt)""")
              .bind("tenant", tenant.value())
              .bind("id", webhook.id())
              .bind("url", webhook.url().toString())
              .bind(
                  "events",
                  webhook.events().stream().map(WebhookEvent::wireName).toArray(String[]::new))
              .bind("includeContent", webhook.includeContent())
              .bind("secret", secret)
              .bind("createdAt", Rows.utc(webhook.createdAt()))
              .execute();
          return Optional.of(webhook);
        });
  }

  @Override
  public List<Webhook> list(TenantId tenant) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM webhooks WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant.value())
                .map(WebhookJdbiAdapter::webhook)
                .list());
  }

  @Override
  public Optional<Webhook> find(TenantId tenant, UUID id) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenant.value())
                .bind("id", id)
                .map(WebhookJdbiAdapter::webhook)
                .findOne());
  }

  @Override
  public boolean delete(TenantId tenant, UUID id) {
    return calls.withHandle(
            handle ->
                handle
                    .createUpdate("DELETE FROM webhooks WHERE tenant_id = :tenant AND id = :id")
                    .bind("tenant", tenant.value())
                    .bind("id", id)
                    .execute())
        > 0;
  }

  /**
   * Newest first. A blocked delivery (behind a failed one of its conversation) is listed as
   * pending; each status is read backwards along its index, so a page costs its size, not the
   * backlog.
   */
  @Override
  public List<WebhookDelivery> deliveries(
      TenantId tenant, UUID webhook, WebhookDelivery.State state, Long before, int limit) {
    List<String> statuses =
        state == null
            ? List.of()
            : state == WebhookDelivery.State.PENDING
                ? List.of("pending", "blocked")
                : List.of(state.wireName());
    String page =
        """
        SELECT id, change_id, status, attempts, last_error, created_at, delivered_at
        FROM webhook_deliveries
        WHERE tenant_id = :tenant AND webhook_id = :webhook %s
          AND (CAST(:before AS bigint) IS NULL OR id < :before)
        ORDER BY id DESC LIMIT :limit""";
    String pages =
        statuses.isEmpty()
            ? page.formatted("")
            : String.join(
                " UNION ALL ",
                statuses.stream()
                    .map(s -> "(" + page.formatted("AND status = '" + s + "'") + ")")
                    .toList());
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT d.id, c.event_id, c.event_type,
                      CASE WHEN d.status = 'blocked' THEN 'pending' ELSE d.status END AS status,
                      d.attempts, d.last_error, d.created_at, d.delivered_at
                    FROM (%s) d JOIN changes c ON c.id = d.change_id
                    ORDER BY d.id DESC LIMIT :limit"""
                        .formatted(pages))
                .bind("tenant", tenant.value())
                .bind("webhook", webhook)
                .bind("before", before)
                .bind("limit", limit)
                .map(WebhookJdbiAdapter::delivery)
                .list());
  }

  @Override
  public int replay(TenantId tenant, UUID webhook, Instant since, Instant now) {
    // New deliveries, in log order, of the events delivered or dead-lettered since then (each
    // once, however often it was replayed before); what is still open is delivered anyway. Behind
    // a failed delivery of their queue they wait blocked, as the fan-out's do, decided under the
    // locks of their queues.
    String candidates =
        """
        SELECT DISTINCT ON (d.change_id) d.tenant_id, d.webhook_id, d.change_id, d.queue,
          d.created_at
        FROM webhook_deliveries d
        WHERE d.tenant_id = :tenant AND d.webhook_id = :webhook
          AND d.created_at >= :since AND d.status IN ('delivered', 'dead')
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o
            WHERE o.tenant_id = d.tenant_id AND o.webhook_id = d.webhook_id
              AND o.change_id = d.change_id AND o.status IN ('pending', 'blocked', 'failed'))
        ORDER BY d.change_id
        LIMIT :max""";
    return calls.inTransaction(
        handle -> {
          List<String> queues =
              handle
                  .createQuery("SELECT DISTINCT r.queue FROM (" + candidates + ") r")
                  .bind("tenant", tenant.value())
                  .bind("webhook", webhook)
                  .bind("since", Rows.utc(since))
                  .bind("max", MAX_REPLAY)
                  .mapTo(String.class)
                  .list();
          WebhookOutbox.lockQueues(handle, queues.stream().map(q -> webhook).toList(), queues);
          return handle
              .createUpdate(
                  """
                  INSERT INTO webhook_deliveries (tenant_id, webhook_id, change_id, queue, status,
                    created_at, retry_from, next_attempt_at)
                  SELECT r.tenant_id, r.webhook_id, r.change_id, r.queue,
                    CASE WHEN (SELECT x.id FROM webhook_deliveries x
                      WHERE x.tenant_id = r.tenant_id AND x.webhook_id = r.webhook_id
                        AND x.queue = r.queue AND x.status IN ('failed', 'blocked')
                      ORDER BY x.queue, x.id LIMIT 1) IS NOT NULL
                    THEN 'blocked' ELSE 'pending' END,
                    r.created_at, :now, :now
                  FROM (%s) r
                  ORDER BY r.change_id"""
                      .formatted(candidates))
              .bind("tenant", tenant.value())
              .bind("webhook", webhook)
              .bind("since", Rows.utc(since))
              .bind("now", Rows.utc(now))
              .bind("max", MAX_REPLAY)
              .execute();
        });
  }

  private static Webhook webhook(ResultSet rs, StatementContext ctx) throws SQLException {
    Array events = rs.getArray("events");
    List<WebhookEvent> parsed =
        Arrays.stream((String[]) events.getArray())
            .map(e -> WebhookEvent.parse("events", e))
            .toList();
    return new Webhook(
        Rows.uuid(rs, "id"),
        URI.create(rs.getString("url")),
        parsed,
        rs.getBoolean("include_content"),
        Rows.instant(rs, "created_at"));
  }

  private static WebhookDelivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
    return new WebhookDelivery(
        rs.getLong("id"),
        Rows.uuid(rs, "event_id"),
        WebhookEvent.parse("type", rs.getString("event_type")),
        WebhookDelivery.State.parse("status", rs.getString("status")),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "delivered_at"));
  }
}
