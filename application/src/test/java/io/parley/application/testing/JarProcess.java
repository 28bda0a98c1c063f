package io.parley.application.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parley's shaded jar run as a process of its own (so a test can SIGKILL it), on loopback. */
public final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  public final int port;
  public final ApiClient api;

  /** Starts {@code server config.yml} with {@code environment} added; waits for /ping. */
  public JarProcess(Map<String, String> environment) throws Exception {
    log = Files.createTempFile("parley-jar", ".log");
    int[] ports = freePorts(2);
    port = ports[0];
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // The test JVMs' options (the build's test.jvm.options: C1 only, a short-lived JVM on 2 cores)
    for (String option : System.getProperty("parley.test.jvm", "").split(" ")) {
      if (!option.isBlank()) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-jar",
            Path.of("target", "parley.jar").toString(),
            "server",
            Path.of("..", "config.yml").toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(ports[0]));
    builder.environment().put("ADMIN_PORT", Integer.toString(ports[1]));
    builder.environment().putAll(environment);
    process = builder.start();
    org.awaitility.Awaitility.await("parley.jar answering /ping; its log: " + log)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !process.isAlive() || pings());
    if (!process.isAlive()) {
      throw new IllegalStateException("parley.jar exited:\n" + Files.readString(log));
    }
    api = new ApiClient(port);
  }

  /** What the process wrote so far (stdout and stderr). */
  public String output() throws IOException {
    return Files.readString(log);
  }

  /**
   * SIGKILL to the process and to the processes it started that are still its descendants (an
   * embedded Redis; an embedded PostgreSQL detaches), as when its machine goes down: nothing of the
   * process runs after this returns.
   */
  public void kill() throws InterruptedException {
    List<ProcessHandle> started = process.descendants().toList();
    process.destroyForcibly();
    process.waitFor();
    started.forEach(ProcessHandle::destroyForcibly);
    try {
      java.util.concurrent.CompletableFuture.allOf(
              started.stream()
                  .map(ProcessHandle::onExit)
                  .toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // one that outlives SIGKILL for 10 s is beyond what a test can do about it
    }
  }

  private boolean pings() throws InterruptedException {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Distinct free ports: each socket stays open until all are taken. */
  private static int[] freePorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  /**
   * Stops the service as an operator would (SIGTERM: it stops what it started, its embedded servers
   * too), killing it if it has not stopped within 30 s.
   */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
    Files.deleteIfExists(log);
  }
}
