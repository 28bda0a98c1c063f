package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The request log never makes a request wait: its lines go to a named pipe that the test opens and
 * reads only once the requests are done, so once the pipe's buffer (64 KiB) and the appender's
 * queue are full every further write would block. The log is written on the request's thread after
 * its response, so a blocked log holds server threads: with 32 of them, every request must still be
 * answered (within 10 s each, a margin for a loaded machine: a request stuck behind the log never
 * is); lines are dropped instead (config.yml's {@code neverBlock}), as the count of lines that
 * reached the pipe shows.
 */
class RequestLogTest {
  private static final int REQUESTS = 1_500;

  @Test
  void aRequestLogThatCannotBeWrittenMakesNoRequestWait() throws Exception {
    Path directory = Files.createTempDirectory("parley-request-log");
    Path pipe = directory.resolve("requests.pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    // Opening a pipe for reading waits for its writer: the appender, as the app starts.
    CompletableFuture<InputStream> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new FileInputStream(pipe.toFile());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    ExternalApp app =
        new ExternalApp(
            TestServers.newDatabase().jdbcUrl(),
            "none",
            "server.requestLog.appenders[0].type",
            "file",
            "server.requestLog.appenders[0].currentLogFilename",
            pipe.toString(),
            "server.requestLog.appenders[0].archive",
            "false",
            "server.requestLog.appenders[0].queueSize",
            "64",
            // The log is written after the response, on the request's thread: few threads, so
            // that threads held by a blocked log would soon leave none for the next request.
            "server.minThreads",
            "8",
            "server.maxThreads",
            "32");
    InputStream held = reader.get(30, TimeUnit.SECONDS);
    AtomicLong written = new AtomicLong();
    Thread drain =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (held) {
                int read;
                while ((read = held.read(buffer)) >= 0) {
                  for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                      written.incrementAndGet();
                    }
                  }
                }
              } catch (Exception ignored) {
                // the app closed its end
              }
            });
    drain.setDaemon(true);
    long slowest = 0;
    try {
      ApiClient api = new ApiClient(app.port(), Duration.ofSeconds(10));
      for (int i = 0; i < REQUESTS; i++) {
        long started = System.nanoTime();
        Reply absent = api.get("/v1/tenants/" + UUID.randomUUID(), ExternalApp.ADMIN_KEY);
        slowest = Math.max(slowest, System.nanoTime() - started);
        assertThat(absent.status()).as("request %d", i).isEqualTo(404);
      }
      assertThat(api.counts().failed()).isZero();
    } finally {
      // Read the pipe from now on, so that the appender's last writes, and the stop, can finish.
      drain.start();
      app.close();
      drain.join(10_000);
      Files.deleteIfExists(pipe);
      Files.deleteIfExists(directory);
    }
    System.out.printf(
        "%d requests with the request log's pipe full: slowest %d ms; %d lines written%n",
        REQUESTS, slowest / 1_000_000, written.get());
    assertThat(written.get())
        .as("lines the log could write: the pipe (64 KiB) and the queue (64); the rest dropped")
        .isPositive()
        .isLessThan(REQUESTS);
  }
}
