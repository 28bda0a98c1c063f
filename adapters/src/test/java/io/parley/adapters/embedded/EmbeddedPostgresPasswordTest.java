package io.parley.adapters.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's PostgreSQL lets no one in without its generated password (issue 25): not
 * without one, not with a wrong one, over TCP; the password file is 0600 and the same password
 * opens the server again after a restart.
 */
class EmbeddedPostgresPasswordTest {

  @Test
  void theEmbeddedServerNeedsItsGeneratedPasswordAcrossRestarts() throws Exception {
    Path directory = Files.createTempDirectory("parley-embedded-password");
    Path data = directory.resolve("postgres");
    Path file = directory.resolve(EmbeddedPostgresServer.PASSWORD_FILE);
    try {
      String password;
      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startWithPassword(data, 0)) {
        password = server.password();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(file).trim()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
        refused(server, null);
        refused(server, "not-" + password);
        assertThat(connects(server, password)).isEqualTo("SCRAM-SHA-256");
        try (Connection connection = server.dataSource("postgres").getConnection()) {
          assertThat(connection.isValid(1)).as("its own data sources give it").isTrue();
        }
      }
      try (EmbeddedPostgresServer again = EmbeddedPostgresServer.startWithPassword(data, 0)) {
        assertThat(again.password()).isEqualTo(password);
        refused(again, null);
        assertThat(connects(again, password)).isEqualTo("SCRAM-SHA-256");
      }
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void refused(EmbeddedPostgresServer server, String password) {
    assertThatThrownBy(() -> connects(server, password))
        .isInstanceOf(SQLException.class)
        .satisfies(
            e ->
                assertThat(((SQLException) e).getSQLState())
                    .as(e.getMessage())
                    .isIn("28P01", "08004"));
  }

  /** Connects over TCP as postgres; how the server stores the password (its scheme). */
  private static String connects(EmbeddedPostgresServer server, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    if (password != null) {
      properties.setProperty("password", password);
    }
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", properties);
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT split_part(rolpassword, '$', 1) FROM pg_authid"
                        + " WHERE rolname = 'postgres'")) {
      row.next();
      return row.getString(1);
    }
  }
}
