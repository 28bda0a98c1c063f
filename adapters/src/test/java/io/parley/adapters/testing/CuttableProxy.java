package io.parley.adapters.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of one server, that can stop forwarding: while cut, bytes in
 * either direction are dropped and new connections get nothing, as when a network partition takes
 * one instance away from Redis while the others still reach it.
 */
public final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private volatile boolean closed;

  public CuttableProxy(int targetPort) {
    this.target = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread accepting = new Thread(this::accept, "proxy-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  public String url() {
    return "redis://127.0.0.1:" + port();
  }

  /** Stops forwarding (connections stay open and silent). */
  public void cut() {
    cut = true;
  }

  /** Forwards again; connections that timed out meanwhile are gone, new ones work. */
  public void restore() {
    cut = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (!cut) {
                    out.write(buffer, 0, read);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // a side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
    sockets.forEach(CuttableProxy::closeQuietly);
  }
}
