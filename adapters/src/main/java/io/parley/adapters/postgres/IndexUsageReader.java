package io.parley.adapters.postgres;

import java.util.List;

/**
 * How often each of Parley's indexes has been scanned since PostgreSQL's statistics were last
 * reset, and how large it is: to find indexes that cost every insert and serve no query.
 */
public final class IndexUsageReader {
  /** One index: its table, name, scans so far and size in bytes. */
  public record IndexUsage(String table, String index, long scans, long bytes) {}

  private final PostgresCalls calls;

  IndexUsageReader(PostgresCalls calls) {
    this.calls = calls;
  }

  /** Every index of the public schema, largest first. */
  public List<IndexUsage> read() {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT relname, indexrelname, idx_scan, pg_relation_size(indexrelid) AS bytes
                    FROM pg_stat_user_indexes WHERE schemaname = 'public'
                    ORDER BY bytes DESC, indexrelname""")
                .map(
                    (rs, ctx) ->
                        new IndexUsage(
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list());
  }
}
