package io.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Runs wrk (closed loop: each connection sends its next request when the last one is answered) over
 * a list of requests, with the harness's Lua script, and reads the result line it prints.
 */
final class Wrk {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One wrk run's figures; latencies in microseconds. */
  record Result(
      long requests,
      double seconds,
      long errors,
      long statusErrors,
      double meanMicros,
      long p50Micros,
      long p90Micros,
      long p99Micros,
      long p999Micros,
      long maxMicros) {
    double throughput() {
      return requests / seconds;
    }
  }

  private final Path script;
  private final int threads;

  Wrk(Path workDirectory, int threads) throws IOException {
    this.script = workDirectory.resolve("requests.lua");
    try (InputStream lua = Wrk.class.getResourceAsStream("/wrk/requests.lua")) {
      Files.copy(lua, script, StandardCopyOption.REPLACE_EXISTING);
    }
    this.threads = threads;
  }

  Result run(String baseUrl, Path requests, int connections, Duration duration, String runId)
      throws IOException, InterruptedException {
    String output =
        Floors.run(
            List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                baseUrl,
                "--",
                requests.toString(),
                runId));
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("WRK_RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
    JsonNode r = JSON.readTree(line.substring("WRK_RESULT ".length()));
    long errors =
        r.get("connectErrors").asLong()
            + r.get("readErrors").asLong()
            + r.get("writeErrors").asLong()
            + r.get("timeouts").asLong();
    return new Result(
        r.get("requests").asLong(),
        r.get("durationMicros").asLong() / 1e6,
        errors,
        r.get("statusErrors").asLong(),
        r.get("meanMicros").asDouble(),
        r.get("p50Micros").asLong(),
        r.get("p90Micros").asLong(),
        r.get("p99Micros").asLong(),
        r.get("p999Micros").asLong(),
        r.get("maxMicros").asLong());
  }
}
