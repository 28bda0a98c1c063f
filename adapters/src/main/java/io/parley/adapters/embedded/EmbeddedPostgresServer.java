package io.parley.adapters.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real PostgreSQL (zonky's bundled binaries) in a data directory of our choosing, for the
 * zero-setup default run and for tests. As root, zonky runs initdb/pg_ctl under {@code unshare -U}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a durable PostgreSQL on {@code port} (0: any free port) over {@code dataDirectory},
   * keeping what is there across restarts.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      return start(
          EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false),
          port,
          true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dataDirectory, e);
    }
  }

  /** Starts a throwaway PostgreSQL (temporary directory, no fsync) for tests and benchmarks. */
  public static EmbeddedPostgresServer startThrowaway() {
    return start(EmbeddedPostgres.builder().setCleanDataDirectory(true), 0, false);
  }

  private static EmbeddedPostgresServer start(
      EmbeddedPostgres.Builder builder, int port, boolean durable) {
    try {
      builder
          .setPGStartupWait(Duration.ofSeconds(30))
          .setServerConfig("max_connections", "300")
          .setServerConfig("shared_buffers", "256MB");
      if (port > 0) {
        builder.setPort(port);
      }
      if (!durable) {
        builder
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      }
      return new EmbeddedPostgresServer(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** JDBC URL of a database on this server; user postgres, no password. */
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  public DataSource dataSource(String database) {
    return postgres.getDatabase("postgres", database);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
    }
  }
}
