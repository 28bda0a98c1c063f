package io.parley.application.infra;

import io.dropwizard.db.ManagedDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * OpenTelemetry for Parley: on when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set (the SDK is then
 * configured from the standard {@code OTEL_*} variables and exports over OTLP/HTTP; spans only,
 * service name {@code parley} unless {@code OTEL_SERVICE_NAME} says otherwise), otherwise a no-op
 * that still reads an incoming W3C {@code traceparent}, so log lines carry the caller's trace id at
 * the cost of parsing one header.
 */
public final class Tracing implements AutoCloseable {
  public static final String INSTRUMENTATION = "io.parley";

  private final OpenTelemetry openTelemetry;
  private final boolean recording;
  private final AutoCloseable shutdown;

  private Tracing(OpenTelemetry openTelemetry, boolean recording, AutoCloseable shutdown) {
    this.openTelemetry = openTelemetry;
    this.recording = recording;
    this.shutdown = shutdown;
  }

  /** Tracing as the process environment asks. */
  public static Tracing fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "");
    if (endpoint.isBlank()) {
      return off();
    }
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", "parley",
                        // OTLP over HTTP (protobuf) through the JDK's client: the only sender
                        // shipped, so grpc is not available without adding one.
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .build()
            .getOpenTelemetrySdk();
    return new Tracing(sdk, true, sdk);
  }

  /** No spans recorded or exported; an incoming trace id is still read. */
  public static Tracing off() {
    return new Tracing(
        OpenTelemetry.propagating(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
        false,
        () -> {});
  }

  /** A given OpenTelemetry (tests: the SDK with an in-memory exporter). */
  public static Tracing with(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry, true, () -> {});
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public Tracer tracer() {
    return openTelemetry.getTracer(INSTRUMENTATION);
  }

  /** Whether spans are recorded; when not, nothing is wrapped for them. */
  public boolean recording() {
    return recording;
  }

  /**
   * The pool with a span per SQL statement (its sanitized text: bind values are never recorded), or
   * the pool itself when not recording.
   */
  public ManagedDataSource traced(ManagedDataSource pool) {
    if (!recording) {
      return pool;
    }
    DataSource traced = JdbcTelemetry.create(openTelemetry).wrap(pool);
    return new TracedPool(pool, traced);
  }

  @Override
  public void close() throws Exception {
    shutdown.close();
  }

  /** The managed pool's lifecycle, with connections handed out through the tracing wrapper. */
  private record TracedPool(ManagedDataSource pool, DataSource traced)
      implements ManagedDataSource {
    @Override
    public void start() throws Exception {
      pool.start();
    }

    @Override
    public void stop() throws Exception {
      pool.stop();
    }

    @Override
    public Connection getConnection() throws SQLException {
      return traced.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return traced.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return pool.isWrapperFor(type);
    }
  }
}
