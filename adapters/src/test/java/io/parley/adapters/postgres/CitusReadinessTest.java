package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The schema can be distributed by tenant (Citus) without a rewrite: every table but the tenant
 * registry carries {@code tenant_id}, and every primary key, unique constraint, foreign key and
 * index includes it, but for the documented exceptions below. Read from the migrated catalog of a
 * real PostgreSQL, so a new migration is checked the day it lands.
 */
class CitusReadinessTest {
  /** Tables that are not distributed by tenant: what Citus would make of them. */
  private static final Map<String, String> NOT_DISTRIBUTED =
      Map.of(
          "tenants",
          "the registry of tenants: a reference table, copied to every node",
          "leases",
          "which instance runs a once-at-a-time job (the retention pass): a few rows, on the"
              + " coordinator only",
          "changes",
          "the change log: cache changes every instance reads whole (rare rows, pruned after"
              + " minutes) and webhook events one relay fans out in log order: on the coordinator"
              + " only",
          "databasechangelog",
          "Liquibase's bookkeeping, on the coordinator only",
          "databasechangeloglock",
          "Liquibase's bookkeeping, on the coordinator only");

  /** Indexes without tenant_id, and why that is right. */
  private static final Map<String, String> INDEX_EXCEPTIONS =
      Map.of(
          "products_search",
          "GIN over the search vector; every query also filters tenant_id, and on Citus each shard"
              + " holds one tenant group's rows, so the index is per tenant group anyway",
          "services_search",
          "as products_search",
          "catalog_versions_recent",
          "the warm-up's cross-tenant 'most recently changed catalogs' (a coordinator query)");

  private final Jdbi jdbi = TestServers.newDatabase().jdbi();

  @Test
  void everyTenantTableCarriesTenantId() {
    List<String> tables = tables();
    List<String> without = new ArrayList<>();
    for (String table : tables) {
      if (!NOT_DISTRIBUTED.containsKey(table) && !columns(table).contains("tenant_id")) {
        without.add(table);
      }
    }
    assertThat(tables).contains("messages", "conversations", "products", "reference_contexts");
    assertThat(without).as("tables without tenant_id").isEmpty();
  }

  @Test
  void everyKeyUniqueConstraintAndIndexIncludesTenantId() {
    List<String> violations = new ArrayList<>();
    for (Map<String, Object> index :
        jdbi.withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT c.relname AS table_name, i.relname AS index_name,
                               ix.indisprimary AS is_primary, ix.indisunique AS is_unique,
                               ARRAY(SELECT a.attname FROM unnest(ix.indkey) k(attnum)
                                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)::text
                                 AS columns
                        FROM pg_index ix
                        JOIN pg_class i ON i.oid = ix.indexrelid
                        JOIN pg_class c ON c.oid = ix.indrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public'""")
                    .mapToMap()
                    .list())) {
      String table = (String) index.get("table_name");
      String name = (String) index.get("index_name");
      boolean hasTenant = ((String) index.get("columns")).matches(".*\\btenant_id\\b.*");
      if (NOT_DISTRIBUTED.containsKey(table) || hasTenant || INDEX_EXCEPTIONS.containsKey(name)) {
        continue;
      }
      violations.add(table + "." + name + " " + index.get("columns"));
    }
    assertThat(violations).as("keys and indexes without tenant_id").isEmpty();
  }

  @Test
  void everyForeignKeyStaysWithinATenantOrPointsAtTheReferenceTable() {
    List<String> violations =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT con.conname || ' ' || src.relname || ' -> ' || dst.relname
                        FROM pg_constraint con
                        JOIN pg_class src ON src.oid = con.conrelid
                        JOIN pg_class dst ON dst.oid = con.confrelid
                        WHERE con.contype = 'f'
                          AND dst.relname <> 'tenants'
                          AND NOT EXISTS (
                            SELECT 1 FROM unnest(con.conkey) k(attnum)
                            JOIN pg_attribute a ON a.attrelid = src.oid AND a.attnum = k.attnum
                            WHERE a.attname = 'tenant_id')""")
                    .mapTo(String.class)
                    .list());
    assertThat(violations).as("foreign keys that cross tenants").isEmpty();
  }

  @Test
  void theDocumentedExceptionsStillExist() {
    Set<String> indexes =
        Set.copyOf(
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
                        .mapTo(String.class)
                        .list()));
    assertThat(indexes).containsAll(INDEX_EXCEPTIONS.keySet());
  }

  private List<String> tables() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
                .mapTo(String.class)
                .list());
  }

  private Set<String> columns(String table) {
    return Set.copyOf(
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = :t")
                    .bind("t", table)
                    .mapTo(String.class)
                    .list()));
  }
}
