package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * A webhook receiver for bench/webhooks.sh: acknowledges every POST to /hook and records the time
 * from the event's occurredAt (logged in the writing transaction) to its arrival. GET /stats prints
 * "count p50Micros p99Micros maxMicros" since the last GET /reset.
 *
 * <p>java -cp bench/target/parley-bench.jar io.parley.bench.WebhookReceiver PORT
 */
public final class WebhookReceiver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookReceiver() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Recorder latency = new Recorder(3);
    AtomicLong count = new AtomicLong();
    org.HdrHistogram.Histogram[] interval = {null};
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext(
        "/hook",
        exchange -> {
          JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
          long micros =
              java.time.Duration.between(
                          Instant.parse(event.get("occurredAt").asText()), Instant.now())
                      .toNanos()
                  / 1000;
          latency.recordValue(Math.max(0, micros));
          count.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/reset",
        exchange -> {
          latency.getIntervalHistogram();
          count.set(0);
          answer(exchange, "ok\n");
        });
    server.createContext("/count", exchange -> answer(exchange, count.get() + "\n"));
    server.createContext(
        "/stats",
        exchange -> {
          interval[0] = latency.getIntervalHistogram(interval[0]);
          org.HdrHistogram.Histogram h = interval[0];
          answer(
              exchange,
              count.get()
                  + " "
                  + h.getValueAtPercentile(50)
                  + " "
                  + h.getValueAtPercentile(99)
                  + " "
                  + h.getMaxValue()
                  + "\n");
        });
    server.start();
  }

  private static void answer(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
