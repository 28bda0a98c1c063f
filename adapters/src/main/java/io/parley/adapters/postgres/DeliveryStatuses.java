package io.parley.adapters.postgres;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.Message;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore.StatusReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Delivery statuses in PostgreSQL: a batch is reduced to one winning report per provider message id
 * and applied in one statement (rows locked in key order, so concurrent batches never deadlock);
 * reports of messages not stored yet wait in {@code held_statuses}, one row per provider id holding
 * the winner so far, until the append that stores the message takes them.
 */
final class DeliveryStatuses {
  private DeliveryStatuses() {}

  /**
   * Whether the report in {@code n} (columns rank, at, code, title) wins over the standing status
   * in the columns named: the SQL form of {@link Delivery#winsOver}. Codes compare bytewise
   * (COLLATE "C"), as Java compares them.
   */
  private static String wins(String n, String rank, String at, String code, String title) {
    return """
        (%2$s IS NULL OR %1$s.rank > %2$s
         OR (%1$s.rank = %2$s AND (%1$s.at < %3$s
           OR (%1$s.at = %3$s
               AND (COALESCE(%1$s.code, '') COLLATE "C", COALESCE(%1$s.title, '') COLLATE "C")
                 < (COALESCE(%4$s, '') COLLATE "C", COALESCE(%5$s, '') COLLATE "C")))))"""
        .formatted(n, rank, at, code, title);
  }

  private static String winsOverMessage(String n) {
    return wins(
        n, "m.delivery_rank", "m.delivery_at", "m.delivery_error_code", "m.delivery_error_title");
  }

  /**
   * Applies the reports in the transaction of {@code handle}: per report, the message with its
   * standing status, or empty when its message is not stored (the report is then held).
   */
  static List<Optional<Message>> apply(
      Handle handle, TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    Map<String, Delivery> winners = new java.util.TreeMap<>(); // key order: no deadlocks
    for (StatusReport report : reports) {
      winners.merge(report.providerMessageId(), report.delivery(), Delivery::standing);
    }
    Columns s = new Columns(winners);
    // The provider ids whose message this statement saw (and locked): only these count as found.
    // A message committed after it started is held like an unknown one and taken by the re-check
    // after this commit; judging it found by a later statement would lose the status.
    String[] seen =
        handle
            .createQuery(
                """
                WITH s AS (
                  SELECT u.pid, u.rank, u.at::timestamptz AS at, u.code, u.title
                  FROM unnest(:pids, :ranks, :ats, :codes, :titles)
                    AS u(pid, rank, at, code, title)),
                locked AS MATERIALIZED (
                  SELECT m.conversation_id, m.seq, m.provider_message_id FROM messages m
                  WHERE m.tenant_id = :tenant AND m.provider_message_id IN (SELECT pid FROM s)
                  ORDER BY m.conversation_id, m.seq FOR NO KEY UPDATE),
                changed AS (
                  UPDATE messages m SET delivery_rank = s.rank, delivery_at = s.at,
                    delivery_error_code = s.code, delivery_error_title = s.title
                  FROM s, locked
                  WHERE m.tenant_id = :tenant AND m.conversation_id = locked.conversation_id
                    AND m.seq = locked.seq AND m.provider_message_id = s.pid AND """
                    + winsOverMessage("s")
                    + """
                  RETURNING m.seq)
                SELECT provider_message_id FROM locked""")
            .bind("tenant", tenant.value())
            .bind("pids", s.pids)
            .bind("ranks", s.ranks)
            .bind("ats", s.ats)
            .bind("codes", s.codes)
            .bind("titles", s.titles)
            .mapTo(String.class)
            .list()
            .toArray(String[]::new);
    Map<String, Message> found = new HashMap<>();
    if (seen.length > 0) {
      handle
          .createQuery(
              "SELECT "
                  + MessageJdbiAdapter.COLUMNS
                  + " FROM messages m WHERE m.tenant_id = :tenant"
                  + " AND m.provider_message_id = ANY(:pids)")
          .bind("tenant", tenant.value())
          .bind("pids", seen)
          .map(MessageJdbiAdapter::map)
          .forEach(m -> found.put(m.providerMessageId(), m));
    }
    Map<String, Delivery> missing = new java.util.TreeMap<>(winners);
    missing.keySet().removeAll(found.keySet());
    if (!missing.isEmpty()) {
      hold(handle, tenant, new Columns(missing), now, heldUntil);
    }
    List<Optional<Message>> outcomes = new ArrayList<>(reports.size());
    reports.forEach(r -> outcomes.add(Optional.ofNullable(found.get(r.providerMessageId()))));
    return outcomes;
  }

  /**
   * Keeps each report as its provider id's held winner (an expired one is replaced), held until the
   * latest time of the reports it got: one that loses still extends the hold, since it too was
   * acknowledged as held for its time. The tenant's other expired held statuses go in the same
   * statement, so none outlives its time for long.
   */
  private static void hold(
      Handle handle, TenantId tenant, Columns h, Instant now, Instant heldUntil) {
    // Each provider id's status lock, exclusive, in key order (changesets 28-1, 28-2: a tenant's
    // ids share 64 locks): an append storing one of these messages now either took its lock first
    // (this waits for its commit, and the re-check after this commit finds the message) or waits
    // for this commit and takes the status.
    handle
        .createQuery(
            """
            SELECT k, pg_advisory_xact_lock(k) FROM (
              SELECT DISTINCT parley_status_lock_key(:tenant, p) AS k FROM unnest(:pids) AS p
              ORDER BY 1) keys""")
        .bind("tenant", tenant.value())
        .bind("pids", h.pids)
        .mapTo(Long.class)
        .list();
    handle
        .createUpdate(
            """
            WITH expired AS (
              DELETE FROM held_statuses
              WHERE tenant_id = :tenant AND expires_at <= :now
                AND provider_message_id <> ALL(:pids))
            INSERT INTO held_statuses AS held_statuses
              (tenant_id, provider_message_id, rank, at, code, title, expires_at)
            SELECT :tenant, h.pid, h.rank, h.at::timestamptz, h.code, h.title, :expires
            FROM unnest(:pids, :ranks, :ats, :codes, :titles) AS h(pid, rank, at, code, title)
            ON CONFLICT (tenant_id, provider_message_id) DO UPDATE SET
              rank = CASE WHEN :taken THEN EXCLUDED.rank ELSE held_statuses.rank END,
              at = CASE WHEN :taken THEN EXCLUDED.at ELSE held_statuses.at END,
              code = CASE WHEN :taken THEN EXCLUDED.code ELSE held_statuses.code END,
              title = CASE WHEN :taken THEN EXCLUDED.title ELSE held_statuses.title END,
              expires_at = GREATEST(held_statuses.expires_at, EXCLUDED.expires_at)"""
                .replace(
                    ":taken",
                    "(held_statuses.expires_at <= :now OR "
                        + wins(
                            "EXCLUDED",
                            "held_statuses.rank",
                            "held_statuses.at",
                            "held_statuses.code",
                            "held_statuses.title")
                        + ")"))
        .bind("tenant", tenant.value())
        .bind("expires", Rows.utc(heldUntil))
        .bind("now", Rows.utc(now))
        .bind("pids", h.pids)
        .bind("ranks", h.ranks)
        .bind("ats", h.ats)
        .bind("codes", h.codes)
        .bind("titles", h.titles)
        .execute();
  }

  /**
   * Applies the unexpired held statuses of these provider ids to their stored messages and drops
   * them (a held row whose message is not visible yet stays). Run after the commit that stored the
   * messages, so that a status held by a transaction that did not see them is still found: either
   * this sees its row, or its own re-check after its commit sees the messages. The messages it
   * changed, with their standing status, by provider id.
   */
  static Map<String, Message> applyHeld(
      Handle handle, TenantId tenant, List<String> providerIds, Instant now) {
    Map<String, Message> applied = new HashMap<>();
    if (providerIds.isEmpty()) {
      return applied;
    }
    handle
        .createQuery(
            """
            WITH h AS (
              DELETE FROM held_statuses hs
              WHERE hs.tenant_id = :tenant AND hs.provider_message_id = ANY(:pids)
                AND EXISTS (SELECT 1 FROM messages x WHERE x.tenant_id = :tenant
                            AND x.provider_message_id = hs.provider_message_id)
              RETURNING hs.provider_message_id AS pid, hs.rank, hs.at, hs.code, hs.title,
                        hs.expires_at),
            changed AS (
              UPDATE messages m SET delivery_rank = h.rank, delivery_at = h.at,
                delivery_error_code = h.code, delivery_error_title = h.title
              FROM h
              WHERE m.tenant_id = :tenant AND m.provider_message_id = h.pid
                AND h.expires_at > :now AND """
                + winsOverMessage("h")
                + """

              RETURNING m.*)
            SELECT %s FROM changed m"""
                    .formatted(MessageJdbiAdapter.COLUMNS))
        .bind("tenant", tenant.value())
        .bind("now", Rows.utc(now))
        .bindArray("pids", String.class, providerIds.toArray(String[]::new))
        .map(MessageJdbiAdapter::map)
        .forEach(m -> applied.put(m.providerMessageId(), m));
    return applied;
  }

  /** The conversations of the messages found, for the write's scopes and the windows. */
  static List<String> conversations(List<Optional<Message>> outcomes) {
    List<String> scopes = new ArrayList<>();
    outcomes.stream()
        .flatMap(Optional::stream)
        .map(Message::conversationId)
        .map(ConversationId::toString)
        .distinct()
        .forEach(scopes::add);
    return scopes;
  }

  /** Reports as the arrays unnest takes. */
  private static final class Columns {
    final String[] pids;
    final int[] ranks;
    final String[] ats;
    final String[] codes;
    final String[] titles;

    Columns(Map<String, Delivery> reports) {
      int n = reports.size();
      pids = new String[n];
      ranks = new int[n];
      ats = new String[n];
      codes = new String[n];
      titles = new String[n];
      int i = 0;
      for (Map.Entry<String, Delivery> e : reports.entrySet()) {
        pids[i] = e.getKey();
        ranks[i] = e.getValue().status().rank();
        ats[i] = e.getValue().at().toString();
        codes[i] = e.getValue().errorCode();
        titles[i] = e.getValue().errorTitle();
        i++;
      }
    }
  }
}
