package io.parley.bench;

import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.domain.contract.Stores;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway embedded PostgreSQL 17, migrated, with Parley's adapters over one reused connection
 * to it, and the contract tests' row builders over those adapters.
 */
record BenchDatabase(EmbeddedPostgresServer server, Jdbi jdbi, PostgresAdapters adapters)
    implements AutoCloseable {

  /** pgjdbc's own default: a statement is prepared on the server from its fifth use. */
  static final int DEFAULT_PREPARE_THRESHOLD = 5;

  static BenchDatabase start(int prepareThreshold) {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.startThrowaway();
    PostgresSchema.migrate(server.dataSource("postgres"));
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(server.jdbcUrl("postgres"));
    source.setPrepareThreshold(prepareThreshold);
    Jdbi jdbi = Jdbi.create(new SingleConnectionDataSource(source));
    return new BenchDatabase(server, jdbi, new PostgresAdapters(jdbi));
  }

  Stores stores() {
    return new Stores(
        adapters.tenants(),
        adapters.apiKeys(),
        adapters.conversations(),
        adapters.messages(),
        adapters.history());
  }

  @Override
  public void close() {
    server.close();
  }
}
