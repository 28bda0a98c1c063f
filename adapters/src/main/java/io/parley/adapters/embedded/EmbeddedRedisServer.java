package io.parley.adapters.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real redis-server (bundled with embedded-redis) on loopback, keeping nothing on disk. */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;
  private final String password;

  private EmbeddedRedisServer(RedisServer server, int port, String password) {
    this.server = server;
    this.port = port;
    this.password = password;
  }

  /** Starts redis-server on {@code port} (0: any free port), without a password (tests). */
  public static EmbeddedRedisServer start(int port) {
    return start(port, null);
  }

  /**
   * Starts redis-server on {@code port} (0: any free port); with a password, every client must give
   * it (other local users and processes cannot read the cache).
   */
  public static EmbeddedRedisServer start(int port, String password) {
    int chosen = port > 0 ? port : freePort();
    try {
      var builder =
          RedisServer.newRedisServer()
              .port(chosen)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("maxmemory 512mb")
              .setting("maxmemory-policy allkeys-lru");
      if (password != null) {
        builder.setting("requirepass " + password);
      }
      RedisServer server = builder.build();
      server.start();
      return new EmbeddedRedisServer(server, chosen, password);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded Redis on port " + chosen, e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return password == null
        ? "redis://127.0.0.1:" + port
        : "redis://:" + password + "@127.0.0.1:" + port;
  }

  public boolean isRunning() {
    return server.isActive();
  }

  /** Stops the server; {@link #restart()} starts it again on the same port. */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded Redis", e);
    }
  }

  public void restart() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart embedded Redis", e);
    }
  }

  @Override
  public void close() {
    if (server.isActive()) {
      stop();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for Redis", e);
    }
  }
}
