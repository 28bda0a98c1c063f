package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.parley.application.testing.ApiClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run as an operator runs it with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set,
 * exports its spans over OTLP/HTTP: a local listener stands in for the collector and must receive
 * spans of the trace id the request came in with. (Runs after {@code package}, under failsafe.)
 */
class OtlpExportIT {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(ApiClient.TIMEOUT).build();

  @Test
  void theJarExportsSpansOfTheIncomingTraceToTheConfiguredEndpoint() throws Exception {
    List<byte[]> exports = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          exports.add(exchange.getRequestBody().readAllBytes());
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    Path data = Files.createTempDirectory("parley-otlp");
    Path log = data.resolve("parley.log");
    // Every port the jar binds is chosen here at once: left to itself, the embedded PostgreSQL
    // once took the application port this test had just found free (seen in CI: bind failed).
    int[] ports = freePorts(4);
    int port = ports[0];
    ProcessBuilder parley =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "parley.jar").toString(),
                "server",
                Path.of("..", "config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    parley.environment().put("PORT", Integer.toString(port));
    parley.environment().put("ADMIN_PORT", Integer.toString(ports[1]));
    parley.environment().put("PARLEY_EMBEDDED_POSTGRES_PORT", Integer.toString(ports[2]));
    parley.environment().put("PARLEY_EMBEDDED_REDIS_PORT", Integer.toString(ports[3]));
    parley.environment().put("PARLEY_DATA_DIR", data.toString());
    parley.environment().put("PARLEY_ADMIN_KEY", "otlp-admin-key-0123456789");
    parley
        .environment()
        .put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    parley.environment().put("OTEL_BSP_SCHEDULE_DELAY", "200");
    Process process = parley.start();
    try {
      awaitPing(port, process, log);
      HttpResponse<String> created =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tenants"))
                  .header("Authorization", "Bearer otlp-admin-key-0123456789")
                  .header("Content-Type", "application/json")
                  .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("{\"name\":\"Otlp\",\"slug\":\"otlp\"}"))
                  .timeout(ApiClient.TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);

      byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
      // Spans arrive in batches: the statement's may come before the server span has ended.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  exports.stream()
                      .anyMatch(
                          body ->
                              contains(body, traceId)
                                  && contains(body, "POST /v1/tenants".getBytes())));
      List<byte[]> traced = exports.stream().filter(body -> contains(body, traceId)).toList();
      assertThat(traced).as("OTLP exports holding the incoming trace id").isNotEmpty();
      assertThat(traced.stream().anyMatch(body -> contains(body, "POST /v1/tenants".getBytes())))
          .as("the server span")
          .isTrue();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  exports.stream()
                      .anyMatch(
                          body -> contains(body, traceId) && contains(body, "INSERT".getBytes())));
      assertThat(
              exports.stream()
                  .filter(body -> contains(body, traceId))
                  .anyMatch(body -> contains(body, "INSERT".getBytes())))
          .as("a statement's span")
          .isTrue();
    } finally {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      collector.stop(0);
      deleteTree(data);
    }
  }

  private static void awaitPing(int port, Process process, Path log) throws Exception {
    org.awaitility.Awaitility.await("parley.jar answering /ping; its log: " + log)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !process.isAlive() || pings(port));
    if (!process.isAlive()) {
      throw new IllegalStateException("parley.jar exited:\n" + Files.readString(log));
    }
  }

  private static boolean pings(int port) throws InterruptedException {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                      .timeout(ApiClient.TIMEOUT)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false; // still starting
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
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

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  // best effort
                }
              });
    }
  }
}
