package io.parley.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A small HTTP client for whole-app tests: JSON in, status, headers and JSON out. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Reply get(String path, String key) {
    return send(builder(path, key).GET());
  }

  /** A GET with more headers ({@code traceparent}, say). */
  public Reply get(String path, String key, java.util.Map<String, String> headers) {
    HttpRequest.Builder request = builder(path, key).GET();
    headers.forEach(request::header);
    return send(request);
  }

  public Reply post(String path, String key, String json) {
    return send(builder(path, key).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply patch(String path, String key, String json) {
    return send(builder(path, key).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path, String key) {
    return send(builder(path, key).DELETE());
  }

  public Reply sendRaw(String method, String path, String key, byte[] body) {
    return send(builder(path, key).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder builder(String path, String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException closed) {
        // After answering a request whose body it did not read to the end (a 400 on malformed
        // JSON), Jetty closes the connection; a pooled connection can then be found closed.
        // The request was never read, so sending it again on a new connection is safe.
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      }
      JsonNode body =
          response.body().isEmpty() ? MissingNode.getInstance() : parse(response.body());
      return new Reply(response.statusCode(), response, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** One response. */
  public record Reply(int status, HttpResponse<String> raw, JsonNode body) {
    public long queryCount() {
      return Long.parseLong(raw.headers().firstValue("X-Query-Count").orElse("-1"));
    }

    public String text(String field) {
      return body.path(field).asText(null);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }
}
