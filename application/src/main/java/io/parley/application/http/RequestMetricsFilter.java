package io.parley.application.http;

import com.codahale.metrics.MetricRegistry;
import io.parley.application.infra.StatementCounter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per endpoint (resource class and method): a request timer, a histogram of the SQL statements each
 * request ran and their running total (so statements per request over any interval is the total's
 * change over the timer count's); and a slow-request log line naming endpoint, status, duration and
 * statement count, never anything of the request's content.
 */
public final class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger LOG = LoggerFactory.getLogger(RequestMetricsFilter.class);
  private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

  private final MetricRegistry metrics;
  private final long slowNanos;

  @Context private ResourceInfo resource;

  public RequestMetricsFilter(MetricRegistry metrics, Duration slowThreshold) {
    this.metrics = metrics;
    this.slowNanos = slowThreshold.toNanos();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (!(started instanceof Long start)
        || resource == null
        || resource.getResourceMethod() == null) {
      return;
    }
    long nanos = System.nanoTime() - start;
    String endpoint =
        resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
    long statements = StatementCounter.current();
    metrics
        .timer(MetricRegistry.name("http", endpoint, "requests"))
        .update(nanos, TimeUnit.NANOSECONDS);
    metrics.histogram(MetricRegistry.name("http", endpoint, "sql-statements")).update(statements);
    metrics.counter(MetricRegistry.name("http", endpoint, "sql-statements-total")).inc(statements);
    if (nanos >= slowNanos) {
      LOG.warn(
          "Slow request: {} {} -> {} in {} ms, {} SQL statements",
          request.getMethod(),
          endpoint,
          response.getStatus(),
          TimeUnit.NANOSECONDS.toMillis(nanos),
          statements);
    }
  }
}
