package io.parley.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floors that are not HTTP: a raw Redis GET (redis-benchmark) and a raw indexed PostgreSQL
 * select (pgbench -S, prepared, as many clients as Parley's pool has connections), against the same
 * servers Parley uses, in the same run.
 */
final class Floors {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

  record Figure(
      String name,
      String command,
      double throughput,
      double meanMillis,
      Double p50Millis,
      Double p99Millis) {}

  private Floors() {}

  static Figure redisGet(String host, int port, int clients)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "redis-benchmark",
            "-h",
            host,
            "-p",
            Integer.toString(port),
            "-t",
            "get",
            "-n",
            "500000",
            "-c",
            Integer.toString(clients),
            "--csv");
    String output = run(command);
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    String row =
        output
            .lines()
            .filter(l -> l.startsWith("\"GET\""))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("redis-benchmark printed: " + output));
    String[] f = row.replace("\"", "").split(",");
    return new Figure(
        "redis GET",
        String.join(" ", command),
        Double.parseDouble(f[1]),
        Double.parseDouble(f[2]),
        Double.parseDouble(f[4]),
        Double.parseDouble(f[6]));
  }

  static Figure pgbenchSelect(
      String host, int port, String user, String database, int clients, int seconds)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "pgbench",
            "-S",
            "-M",
            "prepared",
            "-n",
            "-c",
            Integer.toString(clients),
            "-j",
            "2",
            "-T",
            Integer.toString(seconds),
            "-h",
            host,
            "-p",
            Integer.toString(port),
            "-U",
            user,
            database);
    String output = run(command);
    Matcher tps = TPS.matcher(output);
    Matcher latency = LATENCY.matcher(output);
    if (!tps.find() || !latency.find()) {
      throw new IllegalStateException("pgbench printed: " + output);
    }
    return new Figure(
        "PostgreSQL indexed select",
        String.join(" ", command),
        Double.parseDouble(tps.group(1)),
        Double.parseDouble(latency.group(1)),
        null,
        null);
  }

  /** What a command printed (stdout and stderr); an exception naming it if it failed. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
