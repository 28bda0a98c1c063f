package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.JarProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
    List<Integer> ports;
    try (JarProcess parley =
        new JarProcess(
            Map.of(
                "DATABASE_URL", "embedded",
                "REDIS_URL", "embedded",
                "PARLEY_DATA_DIR", data.toString()))) {
      String output = parley.output(); // up to its /ping answering: the whole start
      ports =
          Pattern.compile("Embedded (?:PostgreSQL|Redis) on port (\\d+)")
              .matcher(output)
              .results()
              .map(m -> Integer.parseInt(m.group(1)))
              .toList();
      List<String> warnings =
          output
              .lines()
              .filter(line -> line.contains("WARN") || line.contains("ERROR"))
              .filter(line -> !line.contains("io.parley.application.infra.EmbeddedServers"))
              .toList();

      assertThat(output).contains("Embedded PostgreSQL on port", "Embedded Redis on port");
      assertThat(warnings).as(output).isEmpty();
    }
    // stopped, it stops the embedded PostgreSQL and Redis it started: neither is left listening
    // (every run of the suite used to leave this test's Redis running)
    assertThat(ports).hasSize(2).noneMatch(CleanStartIT::listening);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
