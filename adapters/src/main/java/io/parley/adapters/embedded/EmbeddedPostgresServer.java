package io.parley.adapters.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * A real PostgreSQL (zonky's bundled binaries) in a data directory of our choosing, for the
 * zero-setup default run and for tests. As root, zonky runs initdb/pg_ctl under {@code unshare -U}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  /** Next to the data directory: the generated superuser password (0600), kept across starts. */
  static final String PASSWORD_FILE = "postgres-password";

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /**
   * Starts a durable PostgreSQL as {@link #start(Path, int)} does, whose superuser needs a password
   * on every connection (scram-sha-256, TCP and socket alike): generated at the first start and
   * kept in {@code postgres-password} beside the data directory, created 0600. The embedded
   * default's server: no other local user or process gets in without reading that file.
   */
  public static EmbeddedPostgresServer startWithPassword(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      String password = passwordOf(dataDirectory.toAbsolutePath().resolveSibling(PASSWORD_FILE));
      EmbeddedPostgresServer server =
          start(
              EmbeddedPostgres.builder()
                  .setDataDirectory(dataDirectory)
                  .setCleanDataDirectory(false)
                  .setConnectConfig("password", password),
              port,
              true,
              password);
      try {
        server.requirePassword(dataDirectory);
      } catch (RuntimeException | IOException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /**
   * The password in {@code file}, or a new random one written there first (0600 from the start).
   */
  private static String passwordOf(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path written =
        Files.createTempFile(
            file.getParent(),
            PASSWORD_FILE,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(written, password + "\n", StandardCharsets.US_ASCII);
      Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(written);
    }
    return password;
  }

  /**
   * Sets the superuser's password and makes every connection give it: initdb (zonky runs it with
   * {@code -A trust}) let anyone in. A no-op beyond the first start, except that the password is
   * set again (the same one).
   */
  private void requirePassword(Path dataDirectory) throws IOException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"),
          """
          # Written by Parley's embedded mode: the superuser's password on every connection.
          local all all scram-sha-256
          host all all 127.0.0.1/32 scram-sha-256
          host all all ::1/128 scram-sha-256
          """);
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not set the embedded PostgreSQL's password (is "
              + PASSWORD_FILE
              + " beside its data directory the one it was first started with?): "
              + e.getMessage(),
          e);
    }
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
          true,
          null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dataDirectory, e);
    }
  }

  /** Starts a throwaway PostgreSQL (temporary directory, no fsync) for tests and benchmarks. */
  public static EmbeddedPostgresServer startThrowaway() {
    return start(EmbeddedPostgres.builder().setCleanDataDirectory(true), 0, false, null);
  }

  private static EmbeddedPostgresServer start(
      EmbeddedPostgres.Builder builder, int port, boolean durable, String password) {
    try {
      builder
          .setPGStartupWait(Duration.ofSeconds(30))
          .setServerConfig("max_connections", "300")
          .setServerConfig("shared_buffers", "256MB")
          // The server's log reaches the service's (zonky relays it through io.zonky): no values
          // in it. Errors go to the client (the service logs its own, without values), not here;
          // no statement text, no DETAIL (a duplicate key names its value).
          .setServerConfig("log_min_messages", "log")
          .setServerConfig("log_min_error_statement", "panic")
          .setServerConfig("log_error_verbosity", "terse");
      if (port > 0) {
        builder.setPort(port);
      }
      if (!durable) {
        builder
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      }
      return new EmbeddedPostgresServer(builder.start(), password);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The superuser's password; null when the server lets it in without one. */
  public String password() {
    return password;
  }

  /** JDBC URL of a database on this server; user postgres (its password apart, when it has one). */
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
