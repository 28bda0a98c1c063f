package io.parley.adapters.postgres;

import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Invalidation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The cache changes of the change log ({@code changes}, changesets 23 and 27: the rows with a kind;
 * the rows with an event type are webhook events, see {@code WebhookOutbox}).
 */
public final class ChangeLogJdbiAdapter implements ChangeLog {
  private final PostgresCalls calls;

  ChangeLogJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public void record(List<Invalidation> changes) {
    calls.inTransaction(
        handle -> {
          changes.forEach(change -> insert(handle, change));
          return null;
        });
  }

  /** Records {@code change} in the transaction {@code handle} runs, with the write it reports. */
  static void insert(Handle handle, Invalidation change) {
    handle
        .createUpdate(
            "INSERT INTO changes (kind, tenant_id, subject, version)"
                + " VALUES (:kind, :tenant, :subject, :version)")
        .bind("kind", change.kind())
        .bind("tenant", UUID.fromString(change.tenant()))
        .bind("subject", change.subject())
        .bind("version", change.version())
        .execute();
  }

  @Override
  public List<Logged> recent(Duration window) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, kind, tenant_id, subject, version FROM changes"
                        + " WHERE kind IS NOT NULL AND (created_at > clock_timestamp() - :window * interval '1 millisecond'"
                        + " OR NOT applied)"
                        + " ORDER BY id")
                .bind("window", window.toMillis())
                .map(
                    (rs, ctx) ->
                        new Logged(
                            rs.getLong("id"),
                            new Invalidation(
                                rs.getString("kind"),
                                rs.getString("tenant_id"),
                                rs.getString("subject"),
                                rs.getLong("version"))))
                .list());
  }

  @Override
  public void markApplied(List<Long> ids) {
    calls.withHandle(
        handle ->
            handle
                .createUpdate("UPDATE changes SET applied = true WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .execute());
  }

  @Override
  public int prune(Duration age) {
    return calls.withHandle(
        handle ->
            handle
                .createUpdate(
                    "DELETE FROM changes WHERE kind IS NOT NULL AND applied"
                        + " AND created_at < clock_timestamp() - :age * interval '1 millisecond'")
                .bind("age", age.toMillis())
                .execute());
  }
}
