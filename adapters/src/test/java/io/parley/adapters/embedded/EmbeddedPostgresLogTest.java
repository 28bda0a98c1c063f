package io.parley.adapters.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's own log reaches the service's log (zonky relays the server's output
 * through {@code io.zonky}, at INFO, when its reader gets them): whatever level that logger is set
 * to, a failed statement leaves no value in it. Seen before the server settings that keep values
 * out: a duplicate key logged with its value (DETAIL) and the failing statement's text (STATEMENT);
 * an error whose message quotes the value (a bad cast) would be logged too.
 */
class EmbeddedPostgresLogTest {
  private static final String CUSTOMER_VALUE = "+254700999888 nataka viatu";

  @Test
  void aFailedStatementLeavesNoValueInTheLog() throws Exception {
    Logger zonky = (Logger) LoggerFactory.getLogger("io.zonky");
    Level before = zonky.getLevel();
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    zonky.addAppender(seen);
    zonky.setLevel(Level.ALL);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startThrowaway();
        Connection connection = server.dataSource("postgres").getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE customers (address text UNIQUE)");
        statement.execute("INSERT INTO customers VALUES ('" + CUSTOMER_VALUE + "')");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO customers VALUES (?)")) {
        insert.setString(1, CUSTOMER_VALUE);
        assertThatThrownBy(insert::execute)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("duplicate key");
      }
      try (Statement statement = connection.createStatement()) {
        assertThatThrownBy(
                () -> statement.execute("SELECT '" + CUSTOMER_VALUE + "'::int AS not_a_number"))
            .isInstanceOf(SQLException.class);
      }
      // What zonky relays depends on timing (in two runs without the settings: the first error's
      // lines once, nothing after the start the other time), so this checks both what was relayed
      // and the settings that keep values out of whatever the server writes.
      try (Statement statement = connection.createStatement()) {
        assertThat(setting(statement, "log_min_messages")).isEqualTo("log");
        assertThat(setting(statement, "log_min_error_statement")).isEqualTo("panic");
        assertThat(setting(statement, "log_error_verbosity")).isEqualTo("terse");
      }
    } finally {
      zonky.detachAppender(seen);
      zonky.setLevel(before);
    }
    assertThat(lines(seen)).noneSatisfy(line -> assertThat(line).contains("254700999888"));
  }

  private static String setting(Statement statement, String name) throws SQLException {
    try (java.sql.ResultSet row = statement.executeQuery("SHOW " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
