package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body over {@code api.maxBodySize} (1 MiB) is 413 also when it comes chunked, without a
 * Content-Length, and whatever the body is read as: a record, a record holding JSON trees, a list
 * of trees, a body read by hand.
 */
class ChunkedBodyLimitTest {
  private static final String BIG = "x".repeat(1_100_000);
  private static TestApp.TenantKey shop;
  private static String conversation;

  @BeforeAll
  static void setUp() {
    ApiClient api = TestApp.api();
    shop = TestApp.newTenant();
    conversation = Fixtures.start(api, "/v1/tenants/" + shop.id(), shop.key(), "+254799000001");
  }

  static Stream<Arguments> oversizedBodies() {
    String inbound = "\"direction\":\"in\",\"type\":\"customer_inbound\"";
    return Stream.of(
        Arguments.of("POST", "/messages", "{" + inbound + ",\"text\":\"" + BIG + "\"}"),
        Arguments.of(
            "POST",
            "/messages",
            "{" + inbound + ",\"text\":\"hi\",\"payload\":{\"a\":\"" + BIG + "\"}}"),
        Arguments.of(
            "POST",
            "/batch",
            "{\"messages\":[{\"conversationId\":\"CONVERSATION\","
                + inbound
                + ",\"text\":\""
                + BIG
                + "\"}]}"),
        Arguments.of(
            "PUT",
            "/catalog/products",
            "{\"products\":[{\"title\":\"" + BIG + "\",\"price\":\"1.00\",\"currency\":\"KES\"}]}"),
        Arguments.of(
            "PUT",
            "/reference-context",
            "{\"listType\":\"products\",\"items\":[{\"id\":\"1\",\"title\":\"" + BIG + "\"}]}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("oversizedBodies")
  void anOversizedChunkedBodyIs413(String method, String where, String body) throws Exception {
    String base = "/v1/tenants/" + shop.id();
    String path =
        switch (where) {
          case "/messages" -> base + "/conversations/" + conversation + "/messages";
          case "/batch" -> base + "/messages/batch";
          case "/reference-context" ->
              base + "/conversations/" + conversation + "/reference-context";
          default -> base + where;
        };
    String[] reply = chunked(method, path, body.replace("CONVERSATION", conversation));
    assertThat(reply[0]).as(reply[1]).contains(" 413 ");
    JsonNode error = new ObjectMapper().readTree(reply[1]);
    assertThat(error.path("code").asInt()).isEqualTo(413);
    assertThat(error.path("message").asText()).contains("larger than");
  }

  /** The status line and body of a request whose body is sent chunked, in 64 KiB chunks. */
  private static String[] chunked(String method, String path, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", TestApp.support().getLocalPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + shop.key()
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
              + "Connection: close\r\n\r\n";
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(head.getBytes(StandardCharsets.US_ASCII));
                  for (int at = 0; at < bytes.length; at += 65_536) {
                    int n = Math.min(65_536, bytes.length - at);
                    out.write(
                        (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the server may answer and close before reading all of it
                }
              });
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      sent.cancel(true);
      String text = response.toString(StandardCharsets.UTF_8);
      String statusLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
      String rest = text.substring(text.indexOf("\r\n\r\n") + 4);
      boolean chunkedReply =
          text.substring(0, text.indexOf("\r\n\r\n"))
              .toLowerCase()
              .contains("transfer-encoding: chunked");
      return new String[] {statusLine, chunkedReply ? dechunk(rest) : rest};
    }
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int end = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, end).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, end + 2, end + 2 + size);
      at = end + 2 + size + 2;
    }
    return out.toString();
  }
}
