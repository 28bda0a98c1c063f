package io.parley.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-model load generator (issue 15): requests leave at a fixed rate whatever the answers do,
 * and each latency is measured from the moment its request was due, not from when it went out, so a
 * stall is charged to every request it delayed (coordinated omission corrected; Gil Tene's
 * HdrHistogram records them). The JDK's HTTP client sends asynchronously and opens connections as
 * the queue needs them, as independent callers would.
 */
final class OpenModel implements AutoCloseable {
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

  private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(callbacks)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Sends {@code lines} (the harness's request lines, cycled) at {@code rate} per second. */
  Result run(String base, List<String> lines, double rate, Duration duration, String runId)
      throws InterruptedException {
    List<Template> templates = new ArrayList<>(lines.size());
    lines.forEach(l -> templates.add(Template.of(base, l)));
    Histogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong errors = new AtomicLong();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long total = (long) (rate * duration.toSeconds());
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      HttpRequest request = templates.get((int) (i % templates.size())).request(runId + "-" + i);
      pending.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, failure) -> {
                    histogram.recordValue(
                        Math.min(
                            histogram.getHighestTrackableValue(),
                            (System.nanoTime() - due) / 1_000));
                    if (failure != null || response.statusCode() >= 400) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // failures are counted above; a request still open after a minute counts as an error
      errors.addAndGet(pending.stream().filter(f -> !f.isDone()).count());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        rate,
        histogram.getTotalCount() / seconds,
        total,
        errors.get(),
        histogram.getValueAtPercentile(50) / 1e3,
        histogram.getValueAtPercentile(99) / 1e3,
        histogram.getValueAtPercentile(99.9) / 1e3,
        histogram.getMaxValue() / 1e3);
  }

  @Override
  public void close() {
    callbacks.shutdownNow();
  }

  /** A request line of the harness (METHOD, path, key, body; #N# in a body made unique). */
  private record Template(HttpRequest fixed, URI uri, String method, String key, String body) {
    static Template of(String base, String line) {
      String[] f = (line + "\t\t\t").split("\t", -1);
      URI uri = URI.create(base + f[1]);
      Template t = new Template(null, uri, f[0], f[2], f[3]);
      return t.body.contains("#N#") ? t : new Template(t.build(t.body), uri, f[0], f[2], f[3]);
    }

    HttpRequest request(String unique) {
      return fixed != null ? fixed : build(body.replace("#N#", unique));
    }

    private HttpRequest build(String text) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
      if (!key.isEmpty()) {
        b.header("Authorization", "Bearer " + key);
      }
      if (text.isEmpty()) {
        return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
      }
      return b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(text))
          .build();
    }
  }
}
