package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.adapters.testing.TestServers;
import io.parley.application.infra.Tracing;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With tracing off (no OTLP endpoint: {@link Tracing#off()}), an incoming W3C {@code traceparent}
 * still names the request in its log lines and its request-log line; a malformed one, or none, is
 * ignored (no trace id made up, no error).
 */
class TracingOffTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  /** A JSON answer from a resource (so the slow-request line is written): an absent tenant. */
  private static final String ABSENT_TENANT = "/v1/tenants/" + java.util.UUID.randomUUID();

  private static ExternalApp app;
  private static Path requestLog;

  @BeforeAll
  static void start() throws Exception {
    requestLog = Files.createTempFile("parley-untraced-requests", ".log");
    app =
        new ExternalApp(
            Tracing::off,
            TestServers.newDatabase().jdbcUrl(),
            "none",
            "api.slowRequestThreshold",
            "0ms",
            "server.requestLog.appenders[0].type",
            "file",
            "server.requestLog.appenders[0].currentLogFilename",
            requestLog.toString(),
            "server.requestLog.appenders[0].archive",
            "false");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    Files.deleteIfExists(requestLog);
  }

  @Test
  void anIncomingTraceparentNamesTheRequestInItsLogsWithTracingOff() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    Reply traced =
        app.api.get(
            ABSENT_TENANT,
            ExternalApp.ADMIN_KEY,
            Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01"));
    Reply malformed =
        app.api.get(
            ABSENT_TENANT, ExternalApp.ADMIN_KEY, Map.of("traceparent", "00-not-a-trace-id-01"));
    Reply plain = app.api.get(ABSENT_TENANT, ExternalApp.ADMIN_KEY);
    detach(logs);

    assertThat(traced.status()).isEqualTo(404);
    assertThat(malformed.status()).isEqualTo(404);
    assertThat(plain.status()).isEqualTo(404);
    List<ILoggingEvent> slow =
        logs.list.stream()
            .filter(event -> event.getFormattedMessage().startsWith("Slow request"))
            .toList();
    assertThat(slow).as("one slow-request line per request (threshold 0)").hasSize(3);
    assertThat(slow.get(0).getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID);
    assertThat(slow.subList(1, 3))
        .allSatisfy(event -> assertThat(event.getMDCPropertyMap()).doesNotContainKey("trace_id"));

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.readAllLines(requestLog).size() >= 3);
    List<String> lines = Files.readAllLines(requestLog);
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("GET " + ABSENT_TENANT + " "));
    assertThat(lines.get(0)).endsWith("trace=" + TRACE_ID);
    assertThat(lines.subList(1, 3))
        .allSatisfy(line -> assertThat(line).doesNotContainPattern("trace=[0-9a-f]{32}"));
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(logging);
    appender.start();
    logging.getLogger("io.parley").addAppender(appender);
    return appender;
  }

  private static void detach(ListAppender<ILoggingEvent> appender) {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger("io.parley").detachAppender(appender);
  }
}
