package io.parley.adapters.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a hot standby from the machine's PostgreSQL server binaries (Debian's
 * {@code postgresql} package; .ci/run installs it), on loopback ports, the standby replaying with
 * {@code recovery_min_apply_delay} so a read from it is visibly stale. Run as the {@code postgres}
 * user when the tests run as root (initdb refuses root). Removed on close.
 */
public final class PostgresReplicaPair implements AutoCloseable {
  private final Path bin;
  private final Path directory;
  private final int primaryPort;
  private final int standbyPort;
  private final boolean asPostgresUser;

  private PostgresReplicaPair(Path bin, Path directory, int primaryPort, int standbyPort) {
    this.bin = bin;
    this.directory = directory;
    this.primaryPort = primaryPort;
    this.standbyPort = standbyPort;
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
  }

  /** Starts both; the standby applies WAL {@code applyDelayMillis} late. */
  public static PostgresReplicaPair start(long applyDelayMillis) throws Exception {
    Path directory = Files.createTempDirectory("parley-replicas");
    PostgresReplicaPair pair =
        new PostgresReplicaPair(binaries(), directory, freePort(), freePort());
    pair.initialize(applyDelayMillis);
    return pair;
  }

  private void initialize(long applyDelayMillis) throws Exception {
    if (asPostgresUser) {
      run("chown", "postgres", directory.toString());
    }
    runAsOwner(
        bin.resolve("initdb").toString(),
        "-D",
        primary().toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync");
    append(
        primary().resolve("postgresql.conf"),
        "port=" + primaryPort,
        "listen_addresses='127.0.0.1'",
        "wal_level=replica",
        "max_wal_senders=4",
        "fsync=off",
        "unix_socket_directories='" + directory + "'");
    append(primary().resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust");
    pgCtl(primary(), "start");
    runAsOwner(
        bin.resolve("pg_basebackup").toString(),
        "-h",
        "127.0.0.1",
        "-p",
        Integer.toString(primaryPort),
        "-U",
        "postgres",
        "-D",
        standby().toString(),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast");
    append(
        standby().resolve("postgresql.conf"),
        "port=" + standbyPort,
        "recovery_min_apply_delay='" + applyDelayMillis + "ms'");
    pgCtl(standby(), "start");
  }

  public String primaryUrl() {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
  }

  public String standbyUrl() {
    return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres";
  }

  /** Stops the standby at once (as a crash would). */
  public void stopStandby() throws Exception {
    runAsOwner(
        bin.resolve("pg_ctl").toString(),
        "-D",
        standby().toString(),
        "-m",
        "immediate",
        "-w",
        "stop");
  }

  public void startStandby() throws Exception {
    pgCtl(standby(), "start");
  }

  @Override
  public void close() throws Exception {
    for (Path data : List.of(standby(), primary())) {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        runAsOwner(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "immediate",
            "-w",
            "stop");
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private Path primary() {
    return directory.resolve("primary");
  }

  private Path standby() {
    return directory.resolve("standby");
  }

  private void pgCtl(Path data, String action) throws Exception {
    runAsOwner(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        data.resolveSibling(data.getFileName() + ".log").toString(),
        "-w",
        action);
  }

  private void append(Path file, String... lines) throws IOException {
    Files.writeString(file, Files.readString(file) + "\n" + String.join("\n", lines) + "\n");
  }

  private void runAsOwner(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  /** The newest PostgreSQL server binaries under /usr/lib/postgresql. */
  static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("pg_basebackup")))
          .max(
              Comparator.comparing(
                  bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries in " + root));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
