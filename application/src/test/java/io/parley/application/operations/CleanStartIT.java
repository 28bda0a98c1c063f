package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.JarProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29: the service started as the README says (the jar, config.yml, embedded PostgreSQL and
 * Redis) prints no warning or error a user cannot act on. The embedded servers' notice is the one
 * warning expected: it says what to set for production. A library's complaint about itself (Jedis'
 * RESP3 negotiation, logback-access's version check) fails this test.
 */
class CleanStartIT {
  @Test
  void aDefaultStartWarnsOnlyThatTheServersAreEmbedded(@TempDir Path data) throws Exception {
    try (JarProcess parley =
        new JarProcess(
            Map.of(
                "DATABASE_URL", "embedded",
                "REDIS_URL", "embedded",
                "PARLEY_DATA_DIR", data.toString()))) {
      String output = parley.output(); // up to its /ping answering: the whole start
      List<String> warnings =
          output
              .lines()
              .filter(line -> line.contains("WARN") || line.contains("ERROR"))
              .filter(line -> !line.contains("io.parley.application.infra.EmbeddedServers"))
              .toList();

      assertThat(output).contains("Embedded PostgreSQL on port", "Embedded Redis on port");
      assertThat(warnings).as(output).isEmpty();
    }
  }
}
