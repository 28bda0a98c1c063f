package io.parley.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-model load generator (issue 15), wrk2's model: each of a fixed set of keep-alive
 * connections sends on its own fixed schedule (its share of the rate), and each latency is measured
 * from the moment the request was due, not from when it went out, so a stall is charged to every
 * request it delayed (coordinated omission corrected; HdrHistogram records them). A connection is a
 * thread with a blocking socket and prebuilt request bytes: the JDK's HTTP client, tried first,
 * spent more CPU per request than the 2 shared cores could give it and fell behind its own rate.
 */
final class OpenModel {
  private static final int CONNECTIONS = Integer.getInteger("openModel.connections", 32);

  /**
   * With {@code -DopenModel.timeline=FILE}: per 100 ms of due times, the requests due, how many
   * took over 5 ms, and the longest (wall-clock milliseconds, to lay beside the service's GC and
   * safepoint log): whether slow requests come in bursts (a stall) or spread out (queueing).
   */
  private static final String TIMELINE = System.getProperty("openModel.timeline");

  private static final long BUCKET_NANOS = 100_000_000L;

  /**
   * Seconds sent at the rate on the same connections before anything is recorded: the generator's
   * own start (threads, connections, its JIT) is not the service's latency. Without it, every run
   * began with a 110-140 ms burst that alone put 2 % of a 20 s window's requests over 5 ms (bench
   * results 2026-12-07, tail-warmup.md).
   */
  static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("openModel.warmup", 5));

  /** One rate's result; latencies in milliseconds from the intended send time. */
  record Result(
      double rate,
      double achieved,
      long sent,
      long errors,
      double p50Millis,
      double p99Millis,
      double p999Millis,
      double maxMillis) {}

  /**
   * By hand: {@code java -cp bench/target/benchmarks.jar io.parley.bench.load.OpenModel
   * http://127.0.0.1:8080 /ping 2000 10} (a GET at 2,000 per second for 10 s); {@code @file} in
   * place of the path: the harness's request lines (method, path, key, body; tab-separated) in that
   * file, cycled.
   */
  public static void main(String[] args) throws InterruptedException, IOException {
    List<String> lines =
        args[1].startsWith("@")
            ? Files.readAllLines(Path.of(args[1].substring(1)))
            : List.of("GET\t" + args[1] + "\t\t");
    Result r =
        new OpenModel()
            .run(
                args[0],
                lines,
                Double.parseDouble(args[2]),
                WARM_UP,
                Duration.ofSeconds(Long.parseLong(args[3])),
                "by-hand");
    System.out.println(r);
  }

  private static void writeTimeline(
      long start, AtomicLongArray due, AtomicLongArray slow, AtomicLongArray longest) {
    long epochStart = System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000;
    StringBuilder out = new StringBuilder("epoch_ms\tdue\tover_5ms\tlongest_ms\n");
    for (int b = 0; b < due.length(); b++) {
      out.append(epochStart + b * BUCKET_NANOS / 1_000_000)
          .append('\t')
          .append(due.get(b))
          .append('\t')
          .append(slow.get(b))
          .append('\t')
          .append(longest.get(b) / 1_000)
          .append('\n');
    }
    try {
      Files.writeString(Path.of(TIMELINE), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + TIMELINE, e);
    }
  }

  /**
   * Sends {@code lines} (the harness's request lines, cycled) at {@code rate} per second for {@code
   * warmUp}, then for {@code duration}, recording only the requests due in the second part.
   */
  Result run(
      String base,
      List<String> lines,
      double rate,
      Duration warmUp,
      Duration duration,
      String runId)
      throws InterruptedException {
    URI uri = URI.create(base);
    List<Template> templates = lines.stream().map(line -> Template.of(uri, line)).toList();
    Histogram histogram = new ConcurrentHistogram(Duration.ofSeconds(60).toNanos() / 1_000, 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    long sendFrom = System.nanoTime() + Duration.ofMillis(100).toNanos();
    long start = sendFrom + warmUp.toNanos();
    long end = start + duration.toNanos();
    double interval = 1e9 * CONNECTIONS / rate;
    int buckets = (int) (duration.toNanos() / BUCKET_NANOS) + 2;
    AtomicLongArray timeline = new AtomicLongArray(buckets);
    AtomicLongArray slow = new AtomicLongArray(buckets);
    AtomicLongArray longest = new AtomicLongArray(buckets);
    List<Thread> connections = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int connection = c;
      // the connections' schedules are spread evenly over one interval
      long first = sendFrom + (long) (interval * c / CONNECTIONS);
      Thread thread =
          new Thread(
              () -> {
                Connection http = new Connection(uri);
                try {
                  for (long i = 0; ; i++) {
                    long due = first + (long) (i * interval);
                    if (due >= end) {
                      return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                    int index = (int) ((i * CONNECTIONS + connection) % templates.size());
                    byte[] request = templates.get(index).bytes(runId + "-" + connection + "-" + i);
                    int status = http.exchange(request);
                    if (due < start) {
                      continue; // warming up
                    }
                    sent.incrementAndGet();
                    if (status < 200 || status >= 400) {
                      errors.incrementAndGet();
                    }
                    long latency = (System.nanoTime() - due) / 1_000;
                    histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
                    int bucket = (int) Math.max(0, (due - start) / BUCKET_NANOS);
                    timeline.incrementAndGet(bucket);
                    if (latency > 5_000) {
                      slow.incrementAndGet(bucket);
                    }
                    longest.accumulateAndGet(bucket, latency, Math::max);
                  }
                } finally {
                  http.close();
                }
              },
              "open-model-" + c);
      thread.start();
      connections.add(thread);
    }
    for (Thread thread : connections) {
      thread.join();
    }
    if (TIMELINE != null) {
      writeTimeline(start, timeline, slow, longest);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        rate,
        histogram.getTotalCount() / seconds,
        sent.get(),
        errors.get(),
        histogram.getValueAtPercentile(50) / 1e3,
        histogram.getValueAtPercentile(99) / 1e3,
        histogram.getValueAtPercentile(99.9) / 1e3,
        histogram.getMaxValue() / 1e3);
  }

  /**
   * A harness request line (METHOD, path, key, body) as the bytes to send, built once; a body
   * holding #N# (made unique per request) keeps its head and body apart until then.
   */
  private record Template(String head, String body, byte[] fixed) {
    static Template of(URI base, String line) {
      String[] f = (line + "\t\t\t").split("\t", -1);
      StringBuilder head =
          new StringBuilder(f[0])
              .append(' ')
              .append(f[1])
              .append(" HTTP/1.1\r\nHost: ")
              .append(base.getHost())
              .append(':')
              .append(base.getPort())
              .append("\r\n");
      if (!f[2].isEmpty()) {
        head.append("Authorization: Bearer ").append(f[2]).append("\r\n");
      }
      if (!f[3].isEmpty()) {
        head.append("Content-Type: application/json\r\n");
      }
      Template template = new Template(head.toString(), f[3], null);
      return f[3].contains("#N#")
          ? template
          : new Template(head.toString(), f[3], template.with(f[3]));
    }

    byte[] bytes(String unique) {
      return fixed != null ? fixed : with(body.replace("#N#", unique));
    }

    private byte[] with(String text) {
      byte[] content = text.getBytes(StandardCharsets.UTF_8);
      byte[] start =
          (head + "Content-Length: " + content.length + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[start.length + content.length];
      System.arraycopy(start, 0, all, 0, start.length);
      System.arraycopy(content, 0, all, start.length, content.length);
      return all;
    }
  }

  /**
   * One keep-alive HTTP/1.1 connection: writes a request, reads the status and the whole response
   * (Content-Length or chunked); reconnects after a failure, which counts as an error (status 0).
   */
  private static final class Connection {
    private final URI uri;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    Connection(URI uri) {
      this.uri = uri;
    }

    int exchange(byte[] request) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(30_000);
          socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
          out = socket.getOutputStream();
          in = new BufferedInputStream(socket.getInputStream(), 65_536);
        }
        out.write(request);
        out.flush();
        return readResponse();
      } catch (IOException e) {
        close();
        return 0;
      }
    }

    private int readResponse() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closeAfter = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closeAfter = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        line();
      } else if (length > 0) {
        skip(length);
      }
      if (closeAfter) {
        close();
      }
      return code;
    }

    private void skip(long bytes) throws IOException {
      long left = bytes;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed mid-body");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing a broken connection
      }
      socket = null;
    }
  }
}
