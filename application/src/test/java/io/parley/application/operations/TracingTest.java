package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.parley.adapters.testing.TestServers;
import io.parley.application.infra.Tracing;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry on a whole instance (PostgreSQL and Redis real), spans kept by the SDK's in-memory
 * exporter: the span tree of an agent-context request under an incoming {@code traceparent}, and
 * the trace id in the log lines written for it and in its request-log line.
 */
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN = "00f067aa0ba902b7";
  private static final String PHONE = "+254700000777";
  private static final String TEXT = "nataka viatu PLANTED vya harusi";

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static OpenTelemetrySdk sdk;
  private static ExternalApp app;
  private static Path requestLog;

  @BeforeAll
  static void start() throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    requestLog = Files.createTempFile("parley-traced-requests", ".log");
    app =
        new ExternalApp(
            () -> Tracing.with(sdk),
            TestServers.newDatabase().jdbcUrl(),
            TestServers.redis().url(),
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
    sdk.close();
    Files.deleteIfExists(requestLog);
  }

  @Test
  void anAgentContextRequestIsOneServerSpanWithAChildPerStatementAndRedisCommand()
      throws Exception {
    Reply tenant =
        app.api.post(
            "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Traced\",\"slug\":\"traced\"}");
    String key = tenant.text("apiKey");
    String base = "/v1/tenants/" + tenant.text("id");
    String conversation =
        app.api
            .post(
                base + "/conversations",
                key,
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"" + PHONE + "\"}}")
            .text("id");
    String path = base + "/conversations/" + conversation;
    app.api.post(
        path + "/messages",
        key,
        "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"" + TEXT + "\"}");
    assertThat(
            app.api
                .sendRaw(
                    "PUT",
                    path + "/reference-context",
                    key,
                    "{\"listType\":\"products\",\"items\":[{\"id\":\"1\",\"title\":\"Viatu PLANTED\"}]}"
                        .getBytes())
                .status())
        .isEqualTo(201);
    ListAppender<ILoggingEvent> logs = captureLogs();
    SPANS.reset();

    Reply context =
        app.api.get(
            path + "/agent-context",
            key,
            Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01"));
    assertThat(context.status()).isEqualTo(200);
    detach(logs);

    // The server span ends when the filter chain returns, just after the response is sent.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () ->
                SPANS.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getKind() == SpanKind.SERVER));
    List<SpanData> trace =
        SPANS.getFinishedSpanItems().stream()
            .filter(span -> span.getTraceId().equals(TRACE_ID))
            .toList();
    List<SpanData> servers = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    assertThat(servers).hasSize(1);
    SpanData server = servers.get(0);
    assertThat(server.getName())
        .isEqualTo("GET /v1/tenants/{tenantId}/conversations/{conversationId}/agent-context");
    assertThat(server.getParentSpanId()).isEqualTo(PARENT_SPAN);
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);

    List<SpanData> children = trace.stream().filter(s -> s != server).toList();
    assertThat(children)
        .allSatisfy(
            child -> {
              assertThat(child.getParentSpanId()).isEqualTo(server.getSpanId());
              assertThat(child.getKind()).isEqualTo(SpanKind.CLIENT);
            });
    List<SpanData> statements =
        children.stream().filter(s -> "postgresql".equals(system(s))).toList();
    List<SpanData> redis = children.stream().filter(s -> "redis".equals(system(s))).toList();
    assertThat(statements.size() + redis.size()).isEqualTo(children.size());
    assertThat((long) statements.size())
        .as("one span per SQL statement the request ran (X-Query-Count)")
        .isEqualTo(context.queryCount())
        .isPositive();
    assertThat(redis).as("the Redis commands of the request").isNotEmpty();

    writeTree(server, children);
    for (SpanData span : trace) {
      String attributes = span.getName() + " " + span.getAttributes();
      assertThat(attributes).doesNotContain("PLANTED").doesNotContain(PHONE).doesNotContain(key);
    }

    assertThat(logs.list)
        .as("log lines written while the request ran")
        .isNotEmpty()
        .allSatisfy(
            event -> assertThat(event.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID));
    assertThat(logs.list)
        .anySatisfy(event -> assertThat(event.getFormattedMessage()).startsWith("Slow request"));
    String requestLine =
        Files.readAllLines(requestLog).stream()
            .filter(line -> line.contains("/agent-context"))
            .findFirst()
            .orElseThrow();
    assertThat(requestLine).contains("trace=" + TRACE_ID);
  }

  /** The span tree, for the record (target/agent-context-trace.txt). */
  private static void writeTree(SpanData server, List<SpanData> children) throws Exception {
    StringBuilder tree = new StringBuilder();
    tree.append(server.getName()).append("  ").append(server.getAttributes()).append('\n');
    children.stream()
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .forEach(
            child ->
                tree.append("  ")
                    .append(child.getName())
                    .append("  ")
                    .append(child.getAttributes())
                    .append('\n'));
    Files.writeString(Path.of("target", "agent-context-trace.txt"), tree);
  }

  private static String system(SpanData span) {
    String name = span.getAttributes().get(AttributeKey.stringKey("db.system.name"));
    return name != null ? name : span.getAttributes().get(AttributeKey.stringKey("db.system"));
  }

  /** Every Parley log event from now on (the request's own: nothing else runs meanwhile). */
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
