package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Requests with {@code Content-Encoding: gzip} leave no native memory behind (CVE-2026-1605: Jetty
 * 12.1.0-12.1.5's GzipHandler leaked an Inflater per request). The server runs in this JVM, so the
 * process's resident set is the server's: it must stay flat over thousands of gzip requests.
 */
class GzipRequestMemoryTest {
  private static final int WARM_UP = 3_000;
  private static final int MEASURED = 12_000;

  @Test
  void thousandsOfGzipRequestsLeaveTheResidentSetFlat() throws Exception {
    TestApp.TenantKey tenant = TestApp.newTenant();
    int port = TestApp.support().getLocalPort();
    // A body the server must inflate and parse (then refuse: no conversation is created).
    byte[] body = gzip("{\"channel\": \"whatsapp\", \"customer\": " + "\"x".repeat(2000) + "}");
    URI uri =
        URI.create("http://127.0.0.1:" + port + "/v1/tenants/" + tenant.id() + "/conversations");
    HttpClient http = HttpClient.newHttpClient();

    send(http, uri, tenant.key(), body, WARM_UP);
    long before = residentKiB();
    send(http, uri, tenant.key(), body, MEASURED);
    long after = residentKiB();
    System.out.printf(
        "gzip requests: RSS %d KiB after %d, %d KiB after %d more%n",
        before, WARM_UP, after, MEASURED);

    // A leaked Inflater holds its zlib state and 32 KiB window natively: 8,000 of them are
    // ~300 MB. Allow the heap and code cache some growth, not that.
    assertThat(after - before)
        .as("RSS before %d KiB, after %d KiB", before, after)
        .isLessThan(64 * 1024);
  }

  private static void send(HttpClient http, URI uri, String key, byte[] body, int count)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      java.util.List<Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        // Most have no key: refused before the body is read (the attack needs no key); every
        // fourth is read, inflated and parsed.
        String authorization = i % 4 == 0 ? "Bearer " + key : "Bearer none";
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        statuses.add(pool.submit(() -> statusOf(http, request)));
      }
      for (Future<Integer> status : statuses) {
        // A 4xx (the body inflated and refused, the key refused or throttled), never a 5xx or 415.
        assertThat(status.get()).isBetween(400, 429).isNotEqualTo(415);
      }
    } finally {
      pool.shutdown();
    }
    System.gc();
    Thread.sleep(500);
  }

  private static int statusOf(HttpClient http, HttpRequest request) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException closed) {
        // Jetty closes a connection after refusing a request whose body it did not read; a
        // pooled connection (or several, with 4 senders) can be found closed. Such a request was
        // never handled: send it again.
        if (attempt == 5) {
          throw closed;
        }
      }
    }
  }

  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
