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
import org.awaitility.Awaitility;

/**
 * A private CA made for the test (openssl), a server certificate it signed for {@code localhost}
 * and 127.0.0.1, and a second, unrelated CA whose trust must not open those servers; a PostgreSQL
 * (the machine's server binaries, as {@link PostgresReplicaPair} starts them) that accepts TLS
 * connections only, and a redis-server (the machine's, built with TLS) on a TLS port only, both on
 * loopback. Removed on close.
 */
public final class TlsServers implements AutoCloseable {
  private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

  private final Path directory;
  private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
  private final List<Process> redis = new ArrayList<>();
  private Path postgresData;
  private Path postgresBin;
  private int postgresPort;

  private TlsServers(Path directory) {
    this.directory = directory;
  }

  /** Makes the CAs and the server certificate. */
  public static TlsServers create() throws Exception {
    TlsServers servers = new TlsServers(Files.createTempDirectory("parley-tls"));
    servers.makeCertificates();
    return servers;
  }

  /** The trusted CA's certificate (PEM). */
  public Path caCertificate() {
    return directory.resolve("ca.pem");
  }

  /** Another CA's certificate (PEM): it did not sign the servers' certificate. */
  public Path otherCaCertificate() {
    return directory.resolve("other-ca.pem");
  }

  private void makeCertificates() throws Exception {
    for (String ca : List.of("ca", "other-ca")) {
      run(
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-days",
          "2",
          "-subj",
          "/CN=Parley test " + ca,
          "-keyout",
          path(ca + ".key"),
          "-out",
          path(ca + ".pem"));
    }
    run(
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        path("server.key"),
        "-out",
        path("server.csr"));
    Files.writeString(
        directory.resolve("server.ext"),
        // clientAuth too: cluster nodes present it to each other on the cluster bus.
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        path("server.csr"),
        "-CA",
        path("ca.pem"),
        "-CAkey",
        path("ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        path("server.ext"),
        "-out",
        path("server.pem"));
  }

  /** Starts a redis-server listening on a TLS port only, with {@code password}; its port. */
  public int startRedis(String password) throws Exception {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                REDIS_SERVER.toString(),
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--tls-cert-file",
                path("server.pem"),
                "--tls-key-file",
                path("server.key"),
                "--tls-ca-cert-file",
                path("ca.pem"),
                "--tls-auth-clients",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory.toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("redis-" + port + ".log").toFile())
            .start();
    redis.add(process);
    awaitListening(port);
    return port;
  }

  /**
   * Starts a Redis Cluster of {@code masters} masters on TLS ports only ({@code tls-cluster yes}:
   * the cluster bus too); its seeds as REDIS_CLUSTER_NODES takes them ({@code rediss://...}).
   */
  public String startRedisCluster(int masters) throws Exception {
    List<String> create =
        new ArrayList<>(
            List.of("redis-cli", "--tls", "--cacert", path("ca.pem"), "--cluster", "create"));
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < masters; i++) {
      int port = freePortWithItsBus();
      Path node = directory.resolve("cluster-" + port);
      Files.createDirectories(node);
      Process process =
          new ProcessBuilder(
                  REDIS_SERVER.toString(),
                  "--port",
                  "0",
                  "--tls-port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--tls-cert-file",
                  path("server.pem"),
                  "--tls-key-file",
                  path("server.key"),
                  "--tls-ca-cert-file",
                  path("ca.pem"),
                  "--tls-auth-clients",
                  "no",
                  "--tls-cluster",
                  "yes",
                  "--cluster-enabled",
                  "yes",
                  "--cluster-config-file",
                  node.resolve("nodes.conf").toString(),
                  "--cluster-node-timeout",
                  "2000",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  node.toString())
              .redirectErrorStream(true)
              .redirectOutput(node.resolve("redis.log").toFile())
              .start();
      redis.add(process);
      awaitListening(port);
      create.add("127.0.0.1:" + port);
      seeds.add("rediss://127.0.0.1:" + port);
    }
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    run(create.toArray(String[]::new));
    // Every node must have the whole slot map, not only the first (CLUSTERDOWN otherwise).
    for (String seed : seeds) {
      String port = seed.substring(seed.lastIndexOf(':') + 1);
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .pollInterval(java.time.Duration.ofMillis(200))
          .until(
              () ->
                  output(
                          "redis-cli",
                          "--tls",
                          "--cacert",
                          path("ca.pem"),
                          "-p",
                          port,
                          "cluster",
                          "info")
                      .contains("cluster_state:ok"));
    }
    return String.join(",", seeds);
  }

  /**
   * Starts a PostgreSQL whose pg_hba.conf admits TLS connections only (hostssl, trust) with the
   * server certificate; its port.
   */
  public int startPostgres() throws Exception {
    postgresBin = PostgresReplicaPair.binaries();
    postgresPort = freePort();
    postgresData = directory.resolve("postgres");
    Path certificates = directory.resolve("postgres-tls");
    Files.createDirectories(certificates);
    Files.copy(directory.resolve("server.pem"), certificates.resolve("server.pem"));
    Files.copy(directory.resolve("server.key"), certificates.resolve("server.key"));
    if (asPostgresUser) {
      run("chown", "-R", "postgres", directory.toString());
    }
    run("chmod", "600", certificates.resolve("server.key").toString());
    runAsOwner(
        postgresBin.resolve("initdb").toString(),
        "-D",
        postgresData.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync");
    Files.writeString(
        postgresData.resolve("postgresql.conf"),
        Files.readString(postgresData.resolve("postgresql.conf"))
            + "\nport="
            + postgresPort
            + "\nlisten_addresses='127.0.0.1'\nfsync=off\nunix_socket_directories='"
            + directory
            + "'\nssl=on\nssl_cert_file='"
            + certificates.resolve("server.pem")
            + "'\nssl_key_file='"
            + certificates.resolve("server.key")
            + "'\n");
    Files.writeString(
        postgresData.resolve("pg_hba.conf"),
        "hostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n");
    runAsOwner(
        postgresBin.resolve("pg_ctl").toString(),
        "-D",
        postgresData.toString(),
        "-l",
        directory.resolve("postgres.log").toString(),
        "-w",
        "start");
    return postgresPort;
  }

  @Override
  public void close() throws Exception {
    for (Process process : redis) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (postgresData != null && Files.exists(postgresData.resolve("postmaster.pid"))) {
      runAsOwner(
          postgresBin.resolve("pg_ctl").toString(),
          "-D",
          postgresData.toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private String path(String file) {
    return directory.resolve(file).toString();
  }

  private void runAsOwner(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  /** Runs a command to its end, failing on a non-zero exit or after a minute (never hangs). */
  private static void run(String... command) throws Exception {
    Path output = Files.createTempFile("parley-tls-command", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean ended = process.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      if (!ended || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + (ended ? " failed:\n" : " did not end in 60 s:\n")
                + Files.readString(output));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String output(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(10, TimeUnit.SECONDS);
    return output;
  }

  /** A free port p whose cluster-bus port p + 10000 is free too. */
  private static int freePortWithItsBus() throws IOException {
    while (true) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 30_000);
      try (ServerSocket socket = new ServerSocket(port);
          ServerSocket bus = new ServerSocket(port + 10_000)) {
        return port;
      } catch (IOException taken) {
        // another
      }
    }
  }

  private static void awaitListening(int port) {
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
