package io.parley.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.application.testing.ApiClient.Counts;
import io.parley.application.testing.ApiClient.NoAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The whole-app tests' client: it never resends, and it counts what got no answer. */
class ApiClientTest {
  @Test
  void aPostCutOffAfterItWasSentIsCountedResetAndNotSentAgain() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture<String> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket connection = server.accept()) {
                  return readRequest(connection.getInputStream());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      ApiClient client = new ApiClient(server.getLocalPort());

      assertThatThrownBy(() -> client.post("/v1/things", "k", "{\"a\":1}"))
          .isInstanceOfSatisfying(NoAnswer.class, e -> assertThat(e.mayHaveArrived()).isTrue());

      assertThat(received.get()).startsWith("POST /v1/things HTTP/1.1").endsWith("{\"a\":1}");
      server.setSoTimeout(300);
      assertThatThrownBy(server::accept)
          .as("a second connection would be a resend")
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(client.counts()).isEqualTo(new Counts(1, 0, 1, 0));
    }
  }

  @Test
  void aRefusedConnectionIsCountedRefusedAndCarriedNothing() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ApiClient client = new ApiClient(port);

    assertThatThrownBy(() -> client.get("/v1/things", null))
        .isInstanceOfSatisfying(NoAnswer.class, e -> assertThat(e.mayHaveArrived()).isFalse());
    assertThat(client.counts()).isEqualTo(new Counts(1, 0, 0, 1));
  }

  @Test
  void aServerThatNeverAnswersFailsTheRequestAtTheTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      ApiClient client = new ApiClient(server.getLocalPort(), Duration.ofMillis(300));
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.get("/slow", null))
          .isInstanceOf(NoAnswer.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
      assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(5).toNanos());
      assertThat(client.counts().reset()).isEqualTo(1);
    }
  }

  @Test
  void aChunkedAnswerIsReadWhole() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      CompletableFuture.runAsync(
          () -> {
            try (Socket connection = server.accept()) {
              readRequest(connection.getInputStream());
              connection
                  .getOutputStream()
                  .write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Query-Count: 2\r\n"
                              + "Transfer-Encoding: chunked\r\n\r\n"
                              + "5\r\n{\"a\":\r\n3\r\n\"b\"\r\n1\r\n}\r\n0\r\n\r\n")
                          .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
      ApiClient client = new ApiClient(server.getLocalPort());

      ApiClient.Reply reply = client.get("/x", null);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.text("a")).isEqualTo("b");
      assertThat(reply.queryCount()).isEqualTo(2);
      assertThat(client.counts()).isEqualTo(new Counts(1, 1, 0, 0));
    }
  }

  /** The request's head and body (by its Content-Length). */
  private static String readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
