package io.parley.application.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;

/**
 * A small HTTP client for whole-app tests: JSON in, status, headers and JSON out.
 *
 * <p>It never sends a request twice. Each request goes on a connection of its own ({@code
 * Connection: close}), so no request meets a pooled connection the server has already closed; a
 * request that gets no answer throws {@link NoAnswer} and is counted, as refused (the connection
 * was never made: nothing reached the server) or reset (the connection was made and broke or timed
 * out before a whole answer: the request may have been applied). Fault tests report {@link
 * #counts()} and assert that no request went unanswered.
 */
public final class ApiClient {
  /** How long a request may wait for its answer before it fails instead of hanging the build. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Numbers as sent: a double would round them (and a huge one would read as Infinity). */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final int port;
  private final int timeoutMillis;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public ApiClient(int port) {
    this(port, TIMEOUT);
  }

  public ApiClient(int port, Duration timeout) {
    this.port = port;
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  public Reply get(String path, String key) {
    return send("GET", path, key, Map.of(), null);
  }

  /** A GET with more headers ({@code traceparent}, say). */
  public Reply get(String path, String key, Map<String, String> headers) {
    return send("GET", path, key, headers, null);
  }

  public Reply post(String path, String key, String json) {
    return send("POST", path, key, Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  public Reply put(String path, String key, String json) {
    return send("PUT", path, key, Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  public Reply patch(String path, String key, String json) {
    return send("PATCH", path, key, Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  public Reply delete(String path, String key) {
    return send("DELETE", path, key, Map.of(), null);
  }

  public Reply sendRaw(String method, String path, String key, byte[] body) {
    return send(method, path, key, Map.of(), body);
  }

  /** What this client has sent so far and what became of it. */
  public Counts counts() {
    return new Counts(sent.get(), answered.get(), reset.get(), refused.get());
  }

  private Reply send(
      String method, String path, String key, Map<String, String> extra, byte[] body) {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + port);
    headers.put("Connection", "close");
    headers.put("Content-Type", "application/json");
    if (key != null) {
      headers.put("Authorization", "Bearer " + key);
    }
    headers.putAll(extra);
    if (body != null) {
      headers.put("Content-Length", Integer.toString(body.length));
    }
    sent.incrementAndGet();
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      } catch (IOException e) {
        refused.incrementAndGet();
        throw new NoAnswer(method + " " + path + ": refused, nothing sent", false, e);
      }
      try {
        socket.setSoTimeout(timeoutMillis);
        try {
          write(socket.getOutputStream(), method, target(uri), headers, body);
        } catch (IOException cutShort) {
          // A server may answer before the body is in (a 413 on Content-Length) and close: its
          // answer is still readable. Nothing is sent again; without an answer this is a reset.
          Reply early = readEarlyAnswer(socket, method, uri);
          if (early == null) {
            throw cutShort;
          }
          answered.incrementAndGet();
          return early;
        }
        Reply reply = read(new BufferedInputStream(socket.getInputStream()), method, uri);
        answered.incrementAndGet();
        return reply;
      } catch (IOException e) {
        reset.incrementAndGet();
        throw new NoAnswer(method + " " + path + ": no whole answer (" + e + ")", true, e);
      }
    } catch (IOException closing) {
      throw new UncheckedIOException(closing);
    }
  }

  private static Reply readEarlyAnswer(Socket socket, String method, URI uri) {
    try {
      return read(new BufferedInputStream(socket.getInputStream()), method, uri);
    } catch (IOException | RuntimeException none) {
      return null;
    }
  }

  private static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static void write(
      OutputStream out, String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1");
    head.append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private static Reply read(InputStream in, String method, URI uri) throws IOException {
    String statusLine;
    Map<String, List<String>> headers;
    int status;
    do { // 1xx answers precede the real one
      statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP status line: " + statusLine);
      }
      status = Integer.parseInt(parts[1]);
      headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        headers
            .computeIfAbsent(header.substring(0, colon).trim(), name -> new ArrayList<>())
            .add(header.substring(colon + 1).trim());
      }
    } while (status / 100 == 1);
    String text = new String(body(in, method, status, headers), StandardCharsets.UTF_8);
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
    Response raw = new Response(status, httpHeaders, text, uri);
    return new Reply(status, raw, text.isEmpty() ? MissingNode.getInstance() : parse(text));
  }

  private static byte[] body(
      InputStream in, String method, int status, Map<String, List<String>> headers)
      throws IOException {
    if (method.equals("HEAD") || status == 204 || status == 304) {
      return new byte[0];
    }
    String encoding = first(headers, "Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
        body.write(exactly(in, size));
        line(in);
      }
      while (!line(in).isEmpty()) {} // trailers
      return body.toByteArray();
    }
    String length = first(headers, "Content-Length");
    return length == null ? in.readAllBytes() : exactly(in, Integer.parseInt(length));
  }

  private static int chunkSize(String line) {
    int extension = line.indexOf(';');
    return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  private static byte[] exactly(InputStream in, int size) throws IOException {
    byte[] bytes = in.readNBytes(size);
    if (bytes.length < size) {
      throw new EOFException("answer cut off after " + bytes.length + " of " + size + " bytes");
    }
    return bytes;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed before a whole answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** Requests sent, answered, and left without an answer: reset (may have arrived) or refused. */
  public record Counts(long sent, long answered, long reset, long refused) {
    public long failed() {
      return reset + refused;
    }

    /** The requests sent since {@code before}. */
    public Counts since(Counts before) {
      return new Counts(
          sent - before.sent,
          answered - before.answered,
          reset - before.reset,
          refused - before.refused);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d sent, %d answered, %d failed (%d reset, %d refused), none resent",
          sent,
          answered,
          failed(),
          reset,
          refused);
    }
  }

  /** A request that got no answer; {@link #mayHaveArrived()} unless the connection was refused. */
  public static final class NoAnswer extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final boolean mayHaveArrived;

    NoAnswer(String message, boolean mayHaveArrived, IOException cause) {
      super(message, cause);
      this.mayHaveArrived = mayHaveArrived;
    }

    public boolean mayHaveArrived() {
      return mayHaveArrived;
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

  /** The answer as an {@link HttpResponse}, for tests that read its headers and text. */
  private record Response(int statusCode, HttpHeaders headers, String body, URI uri)
      implements HttpResponse<String> {
    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(uri).build();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
