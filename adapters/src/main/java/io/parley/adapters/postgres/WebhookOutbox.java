package io.parley.adapters.postgres;

import io.parley.domain.model.CustomerId;
import io.parley.domain.model.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The relay's side of the change log (changeset 27): events fanned out to webhooks in log order by
 * one instance at a time, webhooks leased to the instance that delivers them, due deliveries (the
 * oldest open one of each conversation, so a conversation's events go out in order), outcomes.
 */
public final class WebhookOutbox {
  static final String RELAY_LEASE = "webhook-relay";

  private final PostgresCalls calls;
  private final RetentionJdbiAdapter leases;

  WebhookOutbox(PostgresCalls calls) {
    this.calls = calls;
    this.leases = new RetentionJdbiAdapter(calls); // the leases table the retention pass uses
  }

  /** A webhook this instance delivers, while its lease lasts. */
  public record Target(TenantId tenant, UUID id, URI url, boolean includeContent, String secret) {
    @Override
    public String toString() {
      return "webhook " + id; // never the secret
    }
  }

  /** A delivery due now: the event as stored ({@code data} and {@code content} as JSON text). */
  public record Due(
      long delivery,
      String queue,
      int attempts,
      Instant retryFrom,
      UUID eventId,
      String type,
      UUID conversation,
      Instant occurredAt,
      String data,
      String content) {
    @Override
    public String toString() {
      return "delivery " + delivery + " of event " + eventId; // never the content
    }
  }

  /**
   * What a webhook has due now (at most the limit), when its oldest undelivered event was logged
   * and when its next open delivery falls due (both null when nothing is open).
   */
  public record Round(List<Due> due, Instant oldestUndelivered, Instant nextDue) {}

  /** Takes or renews the lease of the fan-out (one instance at a time keeps the log's order). */
  public boolean holdRelay(String holder, Duration ttl) {
    return leases.acquireLease(RELAY_LEASE, holder, ttl);
  }

  public void releaseRelay(String holder) {
    leases.releaseLease(RELAY_LEASE, holder);
  }

  /** What a fan-out took: how many events, and the webhooks that got deliveries. */
  public record FanOut(int events, List<UUID> webhooks) {}

  /**
   * Fans out the oldest events not yet relayed to the webhooks of their tenant that take their type
   * (and existed when they were logged): pending, or blocked behind a failed delivery of their
   * queue, decided under the locks of their queues (so a failed delivery finishing meanwhile cannot
   * miss a delivery it should release).
   */
  public FanOut fanOut(int limit) {
    return calls.inTransaction(
        handle -> {
          List<Fanned> batch =
              handle
                  .createQuery(
                      """
                      SELECT c.id, w.id AS webhook,
                        COALESCE(c.conversation_id::text, 'event:' || c.id) AS queue
                      FROM (
                        SELECT id, tenant_id, conversation_id, event_type, created_at FROM changes
                        WHERE event_type IS NOT NULL AND NOT relayed
                        ORDER BY id LIMIT :limit FOR UPDATE) c
                      LEFT JOIN webhooks w ON w.tenant_id = c.tenant_id
                        AND c.event_type = ANY (w.events) AND w.created_at <= c.created_at""")
                  .bind("limit", limit)
                  .map(
                      (rs, ctx) ->
                          new Fanned(
                              rs.getLong("id"),
                              rs.getObject("webhook", UUID.class),
                              rs.getString("queue")))
                  .list();
          if (batch.isEmpty()) {
            return new FanOut(0, List.of());
          }
          List<Fanned> deliveries = batch.stream().filter(f -> f.webhook() != null).toList();
          lockQueues(
              handle,
              deliveries.stream().map(Fanned::webhook).toList(),
              deliveries.stream().map(Fanned::queue).toList());
          Long[] ids = batch.stream().map(Fanned::change).distinct().toArray(Long[]::new);
          List<UUID> webhooks =
              handle
                  .createQuery(
                      """
                      WITH batch AS (
                        SELECT id, tenant_id, conversation_id, event_type, created_at FROM changes
                        WHERE id = ANY(:ids)),
                      marked AS (
                        UPDATE changes c SET relayed = true FROM batch b WHERE c.id = b.id),
                      fanned AS (
                        INSERT INTO webhook_deliveries (tenant_id, webhook_id, change_id, queue,
                          status, created_at, retry_from, next_attempt_at)
                        SELECT b.tenant_id, w.id, b.id, q.queue,
                          CASE WHEN (SELECT x.id FROM webhook_deliveries x
                            WHERE x.tenant_id = b.tenant_id AND x.webhook_id = w.id
                              AND x.queue = q.queue AND x.status IN ('failed', 'blocked')
                            ORDER BY x.queue, x.id LIMIT 1) IS NOT NULL
                          THEN 'blocked' ELSE 'pending' END,
                          b.created_at, clock_timestamp(), clock_timestamp()
                        FROM batch b JOIN webhooks w ON w.tenant_id = b.tenant_id
                          AND b.event_type = ANY (w.events) AND w.created_at <= b.created_at
                        CROSS JOIN LATERAL (
                          SELECT COALESCE(b.conversation_id::text, 'event:' || b.id) AS queue) q
                        ORDER BY b.id, w.id
                        RETURNING webhook_id)
                      SELECT DISTINCT webhook_id FROM fanned""")
                  .bind("ids", ids)
                  .mapTo(UUID.class)
                  .list();
          return new FanOut(ids.length, webhooks);
        });
  }

  /** An event of the batch and a webhook taking it (null: none), with the event's queue. */
  private record Fanned(long change, UUID webhook, String queue) {}

  /**
   * Takes the transaction-scoped locks of these webhooks' queues (pairwise), in one order: a
   * decision about a queue's blocked deliveries waits for another one's commit, then sees it.
   */
  static void lockQueues(Handle handle, List<UUID> webhooks, List<String> queues) {
    if (queues.isEmpty()) {
      return;
    }
    handle
        .createQuery("SELECT parley_lock_webhook_queues(:webhooks, :queues)")
        .bind("webhooks", webhooks.toArray(UUID[]::new))
        .bind("queues", queues.toArray(String[]::new))
        .mapTo(String.class)
        .one();
  }

  /**
   * Renews this holder's leases that have not run out, then takes free ones (up to {@code max} in
   * all), of tenants not being removed; returns every webhook this holder now has. Row locks are
   * FOR NO KEY UPDATE: a transaction adding a webhook's deliveries holds its row FOR KEY SHARE (the
   * foreign key), which must not make a held webhook look lost.
   */
  public List<Target> claim(String holder, Duration lease, int max) {
    return calls.withHandle(
        handle -> {
          List<Target> held =
              handle
                  .createQuery(
                      """
                      UPDATE webhooks w SET
                        lease_until = clock_timestamp() + :lease * interval '1 millisecond'
                      FROM tenants t
                      WHERE w.lease_holder = :holder AND w.lease_until > clock_timestamp()
                        AND t.id = w.tenant_id AND t.removed_at IS NULL
                      RETURNING w.tenant_id, w.id, w.url, w.include_content, w.secret""")
                  .bind("holder", holder)
                  .bind("lease", lease.toMillis())
                  .map(WebhookOutbox::target)
                  .list();
          if (held.size() >= max) {
            return held;
          }
          List<Target> taken =
              handle
                  .createQuery(
                      """
                      UPDATE webhooks w SET lease_holder = :holder,
                        lease_until = clock_timestamp() + :lease * interval '1 millisecond'
                      FROM (
                        SELECT x.tenant_id, x.id FROM webhooks x
                        JOIN tenants t ON t.id = x.tenant_id AND t.removed_at IS NULL
                        WHERE x.lease_until IS NULL OR x.lease_until < clock_timestamp()
                        ORDER BY random() LIMIT :max FOR NO KEY UPDATE OF x SKIP LOCKED) c
                      WHERE w.tenant_id = c.tenant_id AND w.id = c.id
                      RETURNING w.tenant_id, w.id, w.url, w.include_content, w.secret""")
                  .bind("holder", holder)
                  .bind("lease", lease.toMillis())
                  .bind("max", max - held.size())
                  .map(WebhookOutbox::target)
                  .list();
          List<Target> all = new java.util.ArrayList<>(held);
          all.addAll(taken);
          return all;
        });
  }

  private static Target target(
      java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Target(
        new TenantId(Rows.uuid(rs, "tenant_id")),
        Rows.uuid(rs, "id"),
        URI.create(rs.getString("url")),
        rs.getBoolean("include_content"),
        rs.getString("secret"));
  }

  /** Gives up every webhook lease of {@code holder} (at stop: another instance takes over now). */
  public void release(String holder) {
    calls.withHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE webhooks SET lease_until = clock_timestamp() WHERE lease_holder = :holder")
                .bind("holder", holder)
                .execute());
  }

  /**
   * The webhook's due deliveries: the failed heads whose retry is due, and of the oldest pending
   * ones (eight times {@code limit}) at most {@code perQueue} of a conversation, in order, to be
   * sent one after the other, stopping at a failure; none unless {@code holder} still holds the
   * webhook's lease (a worker whose lease ran out sends nothing). Each part is read by index, so a
   * round costs what it sends, not what is waiting; a delivery with an older failed or blocked one
   * in its queue is never due (none should exist: the queue locks keep blocking exact). Every probe
   * of a queue is a scalar subquery, which PostgreSQL does not turn into a join; with statistics
   * from while the table was small it may still probe along the primary key and filter on the queue
   * (docs/webhooks.md, Known limits).
   */
  public Round due(Target target, String holder, int perQueue, int limit) {
    List<Object[]> rows =
        calls.withHandle(
            handle ->
                handle
                    .createQuery(
                        """
                        WITH lease AS (
                          SELECT 1 FROM webhooks w
                          WHERE w.tenant_id = :tenant AND w.id = :webhook
                            AND w.lease_holder = :holder AND w.lease_until > clock_timestamp()),
                        retries AS (
                          SELECT r.id, r.queue, r.attempts, r.retry_from, r.change_id
                          FROM webhook_deliveries r
                          WHERE r.tenant_id = :tenant AND r.webhook_id = :webhook
                            AND r.status = 'failed' AND r.next_attempt_at <= clock_timestamp()
                            AND EXISTS (SELECT 1 FROM lease)
                            AND (SELECT x.id FROM webhook_deliveries x
                              WHERE x.tenant_id = :tenant AND x.webhook_id = :webhook
                                AND x.queue = r.queue AND x.status IN ('failed', 'blocked')
                              ORDER BY x.queue, x.id LIMIT 1) = r.id
                          ORDER BY r.next_attempt_at LIMIT :limit),
                        oldest_pending AS (
                          SELECT id, queue, attempts, retry_from, change_id
                          FROM webhook_deliveries
                          WHERE tenant_id = :tenant AND webhook_id = :webhook AND status = 'pending'
                            AND EXISTS (SELECT 1 FROM lease)
                          ORDER BY id LIMIT :window),
                        fresh AS (
                          SELECT p.*, row_number() OVER (PARTITION BY p.queue ORDER BY p.id) AS place
                          FROM oldest_pending p
                          WHERE (SELECT x.id FROM webhook_deliveries x
                            WHERE x.tenant_id = :tenant AND x.webhook_id = :webhook
                              AND x.queue = p.queue AND x.status IN ('failed', 'blocked')
                              AND x.id < p.id ORDER BY x.queue, x.id LIMIT 1) IS NULL),
                        picked AS (
                          SELECT id, queue, attempts, retry_from, change_id FROM retries
                          UNION ALL
                          SELECT id, queue, attempts, retry_from, change_id FROM fresh
                          WHERE place <= :perQueue
                          ORDER BY id LIMIT :limit),
                        due AS (
                          SELECT p.id, p.queue, p.attempts, p.retry_from, c.event_id, c.event_type,
                            c.conversation_id, c.created_at AS occurred_at, c.data::text AS data,
                            CASE WHEN :content THEN c.content::text END AS content
                          FROM picked p JOIN changes c ON c.id = p.change_id),
                        summary AS (
                          SELECT
                            (SELECT min(o.created_at) FROM (
                              (SELECT created_at FROM webhook_deliveries
                               WHERE tenant_id = :tenant AND webhook_id = :webhook
                                 AND status = 'pending' ORDER BY id LIMIT 1)
                              UNION ALL
                              (SELECT created_at FROM webhook_deliveries
                               WHERE tenant_id = :tenant AND webhook_id = :webhook
                                 AND status = 'blocked' ORDER BY id LIMIT 1)
                              UNION ALL
                              (SELECT created_at FROM webhook_deliveries
                               WHERE tenant_id = :tenant AND webhook_id = :webhook
                                 AND status = 'failed' ORDER BY id LIMIT 1)) o) AS oldest,
                            (SELECT min(next_attempt_at) FROM webhook_deliveries
                             WHERE tenant_id = :tenant AND webhook_id = :webhook
                               AND status = 'failed') AS next)
                        SELECT s.oldest, s.next, d.* FROM summary s LEFT JOIN due d ON true
                        ORDER BY d.id""")
                    .bind("tenant", target.tenant().value())
                    .bind("webhook", target.id())
                    .bind("content", target.includeContent())
                    .bind("holder", holder)
                    .bind("perQueue", perQueue)
                    .bind("limit", limit)
                    .bind("window", limit * 8)
                    .map(
                        (rs, ctx) -> {
                          Instant oldest = Rows.instant(rs, "oldest");
                          Instant next = Rows.instant(rs, "next");
                          rs.getLong("id");
                          Due due =
                              rs.wasNull()
                                  ? null
                                  : new Due(
                                      rs.getLong("id"),
                                      rs.getString("queue"),
                                      rs.getInt("attempts"),
                                      Rows.instant(rs, "retry_from"),
                                      Rows.uuid(rs, "event_id"),
                                      rs.getString("event_type"),
                                      Rows.uuid(rs, "conversation_id"),
                                      Rows.instant(rs, "occurred_at"),
                                      rs.getString("data"),
                                      rs.getString("content"));
                          return new Object[] {oldest, next, due};
                        })
                    .list());
    Instant oldest = rows.isEmpty() ? null : (Instant) rows.get(0)[0];
    Instant next = rows.isEmpty() ? null : (Instant) rows.get(0)[1];
    List<Due> due = rows.stream().map(r -> (Due) r[2]).filter(java.util.Objects::nonNull).toList();
    return new Round(due, oldest, next);
  }

  /**
   * Records deliveries acknowledged (a 2xx); the queues of those that had failed before are no
   * longer held back.
   */
  public void delivered(Target target, List<Long> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    calls.inTransaction(
        handle -> {
          List<String> retried =
              handle
                  .createQuery(
                      """
                      UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
                        delivered_at = clock_timestamp(), last_error = NULL
                      WHERE tenant_id = :tenant AND webhook_id = :webhook AND id = ANY(:ids)
                        AND status IN ('pending', 'failed')
                      RETURNING queue, attempts""")
                  .bind("tenant", target.tenant().value())
                  .bind("webhook", target.id())
                  .bind("ids", deliveries.toArray(Long[]::new))
                  .map((rs, ctx) -> rs.getInt("attempts") > 1 ? rs.getString("queue") : null)
                  .filter(java.util.Objects::nonNull)
                  .list();
          unblock(handle, target, retried);
          return null;
        });
  }

  /**
   * Records a failed attempt by {@code holder}'s worker: retried at {@code next}, its queue's
   * pending deliveries blocked behind it; or dead-lettered, and its queue no longer held back.
   * Nothing when the delivery is no longer open or the worker's lease has run out (the holder that
   * took over sends it again).
   */
  public void failed(
      Target target, String holder, Due delivery, String error, Instant next, boolean dead) {
    calls.inTransaction(
        handle -> {
          int recorded =
              handle
                  .createUpdate(
                      """
                      UPDATE webhook_deliveries SET status = :status, attempts = attempts + 1,
                        last_error = :error, next_attempt_at = :next,
                        retry_from =
                          CASE WHEN attempts = 0 THEN clock_timestamp() ELSE retry_from END
                      WHERE tenant_id = :tenant AND webhook_id = :webhook AND id = :id
                        AND status IN ('pending', 'failed')
                        AND EXISTS (SELECT 1 FROM webhooks w
                          WHERE w.tenant_id = :tenant AND w.id = :webhook
                            AND w.lease_holder = :holder AND w.lease_until > clock_timestamp())""")
                  .bind("status", dead ? "dead" : "failed")
                  .bind("error", error)
                  .bind("next", Rows.utc(next))
                  .bind("tenant", target.tenant().value())
                  .bind("webhook", target.id())
                  .bind("id", delivery.delivery())
                  .bind("holder", holder)
                  .execute();
          if (recorded == 0) {
            return null;
          }
          if (dead) {
            unblock(handle, target, List.of(delivery.queue()));
          } else {
            lockQueues(handle, List.of(target.id()), List.of(delivery.queue()));
            handle
                .createUpdate(
                    """
                    UPDATE webhook_deliveries SET status = 'blocked'
                    WHERE tenant_id = :tenant AND webhook_id = :webhook AND status = 'pending'
                      AND queue = :queue AND id > :id""")
                .bind("tenant", target.tenant().value())
                .bind("webhook", target.id())
                .bind("queue", delivery.queue())
                .bind("id", delivery.delivery())
                .execute();
          }
          return null;
        });
  }

  /**
   * The blocked deliveries of {@code queues} become pending, unless a failed one still holds the
   * queue back; under the queues' locks, so a fan-out deciding meanwhile is seen or sees this.
   */
  private static void unblock(Handle handle, Target target, List<String> queues) {
    if (queues.isEmpty()) {
      return;
    }
    List<String> distinct = queues.stream().distinct().toList();
    lockQueues(handle, distinct.stream().map(q -> target.id()).toList(), distinct);
    handle
        .createUpdate(
            """
            UPDATE webhook_deliveries SET status = 'pending'
            WHERE tenant_id = :tenant AND webhook_id = :webhook AND status = 'blocked'
              AND queue = ANY(:queues)
              AND (SELECT f.id FROM webhook_deliveries f
                WHERE f.tenant_id = :tenant AND f.webhook_id = :webhook
                  AND f.queue = webhook_deliveries.queue AND f.status = 'failed'
                ORDER BY f.queue, f.id LIMIT 1) IS NULL""")
        .bind("tenant", target.tenant().value())
        .bind("webhook", target.id())
        .bind("queues", distinct.toArray(String[]::new))
        .execute();
  }

  /**
   * Deletes what is older than {@code retention} (the replay window): finished deliveries, then
   * relayed events no open delivery needs; at most {@code limit} rows of each. Returns how many.
   */
  public int prune(Duration retention, int limit) {
    return calls.withHandle(
        handle -> {
          int deliveries =
              handle
                  .createUpdate(
                      """
                      DELETE FROM webhook_deliveries WHERE ctid IN (
                        SELECT ctid FROM webhook_deliveries
                        WHERE status IN ('delivered', 'dead') AND created_at < :cutoff
                        LIMIT :limit)""")
                  .bind("cutoff", Rows.utc(java.time.Instant.now().minus(retention)))
                  .bind("limit", limit)
                  .execute();
          int events =
              handle
                  .createUpdate(
                      """
                      DELETE FROM changes WHERE id IN (
                        SELECT c.id FROM changes c
                        WHERE c.event_type IS NOT NULL AND c.relayed AND c.created_at < :cutoff
                          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                            WHERE d.tenant_id = c.tenant_id AND d.change_id = c.id)
                        ORDER BY c.created_at LIMIT :limit)""")
                  .bind("cutoff", Rows.utc(java.time.Instant.now().minus(retention)))
                  .bind("limit", limit)
                  .execute();
          return deliveries + events;
        });
  }

  /**
   * Releases blocked deliveries that nothing failed holds back (none should be: left, say, by an
   * instance of a version before 27-5 that delivered the failed one).
   */
  public void releaseUnheld() {
    calls.withHandle(
        handle ->
            handle.execute(
                """
                UPDATE webhook_deliveries d SET status = 'pending'
                WHERE d.status = 'blocked' AND NOT EXISTS (SELECT 1 FROM webhook_deliveries f
                  WHERE f.tenant_id = d.tenant_id AND f.webhook_id = d.webhook_id
                    AND f.queue = d.queue AND f.status = 'failed')"""));
  }

  /**
   * In an erasure's last transaction: the erased customer's message content and provider message
   * ids (WhatsApp's encode the phone number) leave every stored event (delivered or not, so no
   * replay carries them), and a {@code customer.erased} event is logged with it.
   */
  static void erased(Handle handle, TenantId tenant, CustomerId customer, UUID[] conversations) {
    handle
        .createUpdate(
            """
            UPDATE changes SET content = NULL, data = data - 'providerMessageId'
            WHERE tenant_id = :tenant AND conversation_id = ANY(:conversations)
              AND event_type IS NOT NULL""")
        .bind("tenant", tenant.value())
        .bind("conversations", conversations)
        .execute();
    handle
        .createUpdate(
            """
            INSERT INTO changes (event_id, event_type, tenant_id, data)
            SELECT gen_random_uuid(), 'customer.erased', :tenant,
              jsonb_build_object('customerId', CAST(:customer AS uuid),
                'conversationIds', to_jsonb(CAST(:conversations AS uuid[])))
            WHERE parley_outbox_on()""")
        .bind("tenant", tenant.value())
        .bind("customer", customer.value())
        .bind("conversations", conversations)
        .execute();
  }
}
