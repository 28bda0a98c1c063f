package io.parley.adapters.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A webhook receiver on loopback (the JDK's HTTP server): records every POST, answers as told. */
public final class Receiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Received(String eventId, String signature, byte[] body, JsonNode json) {}

  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<JsonNode> posts = new ConcurrentLinkedQueue<>();
  private volatile Function<JsonNode, Integer> answer = event -> 200;
  private HttpServer server;
  private final int port;

  public Receiver() {
    this(0);
  }

  Receiver(int port) {
    start(port);
    this.port = server.getAddress().getPort();
  }

  private void start(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          JsonNode json = JSON.readTree(body);
          posts.add(json);
          int status = answer.apply(json);
          if (status / 100 == 2) {
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("Parley-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Parley-Signature"),
                    body,
                    json));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  public void answer(Function<JsonNode, Integer> answer) {
    this.answer = answer;
  }

  /** Every POST so far, acknowledged or not, in arrival order. */
  public List<JsonNode> posts() {
    return new ArrayList<>(posts);
  }

  /** Events acknowledged so far, in arrival order. */
  public List<Received> received() {
    return new ArrayList<>(received);
  }

  void stop() {
    server.stop(0);
  }

  void restart() {
    start(port);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
