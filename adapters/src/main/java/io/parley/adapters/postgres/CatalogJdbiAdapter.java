package io.parley.adapters.postgres;

import static io.parley.adapters.postgres.CatalogSql.IN_STOCK;
import static io.parley.adapters.postgres.CatalogSql.VERSION;

import io.parley.adapters.catalog.CatalogRead;
import io.parley.adapters.catalog.CatalogWrite;
import io.parley.adapters.catalog.Versioned;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.json.CatalogCodec;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Ids;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/**
 * The catalog in PostgreSQL. Writes take the tenant's catalog version row first (so writers of one
 * tenant serialize and the version moves exactly once per write); reads return the version in the
 * same statement, so a cold read is one statement. Search runs in PostgreSQL: full text (English
 * stems and unstemmed words, GIN) and trigram word similarity for typos (GIN). PostgreSQL is the
 * truth, so {@code atLeast} is always met here.
 */
public final class CatalogJdbiAdapter implements VersionedCatalog {
  private final PostgresCalls calls;

  CatalogJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast) {
    if (read instanceof CatalogRead.Item<?> item) {
      return (Versioned<T>) byId(tenant, CatalogTable.of(item.kind()), item.id(), read);
    }
    if (read instanceof CatalogRead.Listing<?> listing) {
      return (Versioned<T>) listing(tenant, CatalogTable.of(listing.kind()), listing.query(), read);
    }
    CatalogRead.Candidates candidates = (CatalogRead.Candidates) read;
    return (Versioned<T>)
        calls.withHandle(
            handle ->
                CatalogSuggestions.read(handle, tenant, candidates.text(), candidates.limit()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write) {
    if (write instanceof CatalogWrite.Upsert<?> upsert) {
      CatalogTable<?, ?> table = CatalogTable.of(upsert.kind());
      return (Versioned<T>)
          upsert(
              tenant,
              handle -> CatalogWrites.upsert(handle, tenant, table, upsert.drafts(), upsert.now()),
              upsert.now());
    }
    CatalogWrite.Delete delete = (CatalogWrite.Delete) write;
    return (Versioned<T>) delete(tenant, CatalogTable.of(delete.kind()), delete.id());
  }

  /** Runs a write after bumping the version, retrying once if a concurrent sync won a race. */
  private <T> Versioned<T> upsert(TenantId tenant, Function<Handle, T> work, Instant now) {
    for (int attempt = 1; ; attempt++) {
      try {
        return calls.written(
            tenant,
            written -> List.of(WritePositions.CATALOG),
            handle -> {
              long version = CatalogWrites.bumpVersion(handle, tenant, now);
              T result = work.apply(handle);
              CatalogWrites.recount(handle, tenant);
              return new Versioned<>(version, result);
            });
      } catch (JdbiException e) {
        Optional<String> constraint = PostgresCalls.violatedConstraint(e);
        boolean externalKeyRace =
            constraint.filter(c -> c.endsWith("_external_unique")).isPresent();
        if (externalKeyRace && attempt == 1) {
          continue;
        }
        if (externalKeyRace) {
          throw new ConflictException(
              "an item with that externalSource and externalId already exists");
        }
        if (constraint.isPresent()) {
          throw new NotFoundException("tenant");
        }
        throw e;
      }
    }
  }

  private Versioned<Boolean> delete(TenantId tenant, CatalogTable<?, ?> table, UUID id) {
    return calls.written(
        tenant,
        written -> List.of(WritePositions.CATALOG),
        handle -> {
          long version = CatalogWrites.bumpVersion(handle, tenant, Clock.systemUTC().instant());
          boolean deleted =
              handle
                      .createUpdate(
                          "DELETE FROM "
                              + table.table()
                              + " WHERE tenant_id = :tenant AND id = :id")
                      .bind("tenant", tenant.value())
                      .bind("id", id)
                      .execute()
                  == 1;
          if (!deleted) {
            handle.rollback();
            return new Versioned<>(version - 1, false);
          }
          CatalogWrites.recount(handle, tenant);
          return new Versioned<>(version, true);
        });
  }

  private <T> Versioned<T> byId(
      TenantId tenant, CatalogTable<?, ?> table, UUID id, CatalogRead<?> read) {
    return calls.read(
        tenant,
        WritePositions.CATALOG,
        handle ->
            handle
                .createQuery(
                    "SELECT %s AS version, (SELECT %s FROM %s p WHERE p.tenant_id = :tenant AND p.id = :id)::text AS item"
                        .formatted(VERSION, table.itemJson(), table.table()))
                .bind("tenant", tenant.value())
                .bind("id", id)
                .map(
                    (rs, ctx) -> {
                      String item = rs.getString("item");
                      T value =
                          item == null
                              ? null
                              : CatalogCodec.read(item, read.valueType(CatalogCodec.types()));
                      return new Versioned<>(rs.getLong("version"), value);
                    })
                .one());
  }

  private <T> Versioned<CatalogPage<T>> listing(
      TenantId tenant, CatalogTable<?, ?> table, CatalogQuery query, CatalogRead<?> read) {
    var itemType = read.valueType(CatalogCodec.types()).containedType(0);
    return calls.read(
        tenant,
        WritePositions.CATALOG,
        handle -> {
          List<Row> rows = listingQuery(handle, "", tenant, table, query).map(Row::read).list();
          long version = rows.get(0).version();
          List<Row> found = rows.stream().filter(row -> row.item() != null).toList();
          boolean more = found.size() > query.limit();
          List<Row> shown = more ? found.subList(0, query.limit()) : found;
          List<T> items = new ArrayList<>();
          shown.forEach(row -> items.add(CatalogCodec.read(row.item(), itemType)));
          CatalogQuery.Position next = more ? shown.get(shown.size() - 1).position() : null;
          return new Versioned<>(version, new CatalogPage<>(items, next));
        });
  }

  /**
   * Sends a search as an unnamed statement, which PostgreSQL plans for the words bound to it. A
   * server-prepared search (pgjdbc prepares from the fifth run) soon gets PostgreSQL's generic plan
   * instead, which cannot see that a word is rare and walks the tenant's whole catalog
   * newest-first: measured 540-610 ms against 10-50 ms on a 100,000-product catalog.
   */
  static final StatementCustomizer PLANNED_FOR_ITS_WORDS =
      new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context)
            throws SQLException {
          statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
      };

  /** The listing statement, bound; {@code prefix} lets a test put EXPLAIN in front of it. */
  static Query listingQuery(
      Handle handle, String prefix, TenantId tenant, CatalogTable<?, ?> table, CatalogQuery query) {
    String stock = query.inStockOnly() && table.hasStock() ? " AND " + IN_STOCK : "";
    String sql;
    if (query.hasText()) {
      String after =
          query.after() == null ? "" : " WHERE (m.score, m.id) < (:afterScore, :afterId)";
      sql =
          """
          WITH v AS (SELECT %s AS version),
          m AS (%s),
          top AS (SELECT * FROM m%s ORDER BY m.score DESC, m.id DESC LIMIT :rows)
          SELECT v.version, top.score, top.created_at, top.id,
                 (SELECT %s FROM %s p WHERE p.tenant_id = :tenant AND p.id = top.id)::text AS item
          FROM v LEFT JOIN top ON true ORDER BY top.score DESC, top.id DESC"""
              .formatted(
                  VERSION,
                  CatalogSql.ranked(table, query.inStockOnly()),
                  after,
                  table.itemJson(),
                  table.table());
    } else {
      String after =
          query.after() == null ? "" : " AND (p.created_at, p.id) < (:afterCreatedAt, :afterId)";
      sql =
          """
          WITH v AS (SELECT %s AS version)
          SELECT v.version, 0::float8 AS score, r.created_at, r.id, r.item::text AS item FROM v
          LEFT JOIN LATERAL (SELECT p.created_at, p.id, %s AS item FROM %s p
                             WHERE p.tenant_id = :tenant AND p.active%s%s
                             ORDER BY p.created_at DESC, p.id DESC LIMIT :rows) r ON true"""
              .formatted(VERSION, table.itemJson(), table.table(), stock, after);
    }
    Query bound =
        handle
            .createQuery(prefix + sql)
            .bind("tenant", tenant.value())
            .bind("rows", query.limit() + 1);
    if (query.hasText()) {
      bound.bind("text", query.normalizedText()).addCustomizer(PLANNED_FOR_ITS_WORDS);
    }
    if (query.after() != null) {
      bound
          .bind("afterScore", query.after().score())
          .bind("afterCreatedAt", Rows.utc(query.after().createdAt()))
          .bind("afterId", query.after().id());
    }
    return bound;
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT tenant_id FROM catalog_versions ORDER BY updated_at DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new TenantId(Rows.uuid(rs, "tenant_id")))
                .list());
  }

  /** One row of a listing: the version, and an item with its sort keys (null item: none). */
  record Row(long version, double score, Instant createdAt, UUID id, String item) {
    static Row read(java.sql.ResultSet rs, StatementContext ctx) throws SQLException {
      return new Row(
          rs.getLong("version"),
          rs.getDouble("score"),
          Rows.instant(rs, "created_at"),
          Rows.uuid(rs, "id"),
          rs.getString("item"));
    }

    CatalogQuery.Position position() {
      return new CatalogQuery.Position(score, createdAt, id);
    }
  }

  static UUID newId() {
    return Ids.next(Clock.systemUTC());
  }
}
