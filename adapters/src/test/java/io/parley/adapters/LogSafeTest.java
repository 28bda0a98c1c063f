package io.parley.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.testing.TestServers;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** What an exception may say in a log line: classes, SQLSTATE, the statement; no value. */
class LogSafeTest {
  private static final String SECRET = "Amina +254700000001 nataka viatu";

  @Test
  void aFailedStatementIsNamedByVerbAndTableWithoutItsArguments() {
    Jdbi jdbi = TestServers.newDatabase().jdbi();
    try (Handle handle = jdbi.open()) {
      handle.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
      handle
          .createUpdate("INSERT INTO notes (id, body) VALUES (1, :body)")
          .bind("body", SECRET)
          .execute();
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  handle
                      .createUpdate("INSERT INTO notes (id, body) VALUES (1, :body)")
                      .bind("body", SECRET)
                      .execute());

      assertThat(failure.getMessage()).as("JDBI and pgjdbc quote the values").contains("Amina");
      assertThat(LogSafe.describe(failure))
          .contains("UnableToExecuteStatementException in INSERT notes")
          .contains("PSQLException SQLSTATE 23505")
          .doesNotContain("Amina", "+254700000001", "viatu");
    }
  }

  @Test
  void aScrubbedChainKeepsClassesAndStackTracesButNoMessage() {
    SQLException cause = new SQLException("value " + SECRET, "08006");
    RuntimeException failure = new IllegalStateException("wrapped " + SECRET, cause);

    Throwable scrubbed = LogSafe.scrubbed(failure);

    assertThat(scrubbed.getMessage()).isEqualTo("java.lang.IllegalStateException");
    assertThat(scrubbed.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(scrubbed.getCause().getMessage()).isEqualTo("java.sql.SQLException SQLSTATE 08006");
    assertThat(scrubbed.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    assertThat(LogSafe.describe(scrubbed)).isEqualTo(LogSafe.describe(failure));
  }

  @Test
  void jacksonErrorsThatQuoteTheirInputSayOnlyWhatFailed() {
    assertThatThrownBy(() -> new ObjectMapper().readTree("{\"text\": \"" + SECRET + "\" x}"))
        .satisfies(
            e -> {
              assertThat(e.getMessage()).contains("x");
              assertThat(LogSafe.describe(e))
                  .startsWith("com.fasterxml.jackson.core.JsonParseException")
                  .doesNotContain("Amina");
            });
  }

  @Test
  void aCycleInTheCauseChainEnds() {
    IllegalStateException one = new IllegalStateException(SECRET);
    IllegalArgumentException two = new IllegalArgumentException(SECRET, one);
    one.initCause(two);

    assertThat(LogSafe.describe(one))
        .isEqualTo("java.lang.IllegalStateException <- java.lang.IllegalArgumentException");
    assertThat(LogSafe.scrubbed(one).getCause().getCause()).isNull();
  }
}
