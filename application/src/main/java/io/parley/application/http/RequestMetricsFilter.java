package io.parley.application.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.parley.application.infra.ReadTargets;
import io.parley.application.infra.StatementCounter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per endpoint (resource class and method): a request timer, a histogram of the SQL statements each
 * request ran and their running total (so statements per request over any interval is the total's
 * change over the timer count's); and a slow-request log line naming endpoint, status, duration and
 * statement count, never anything of the request's content.
 */
public final class RequestMetricsFilter implements DynamicFeature {
  private static final Logger LOG = LoggerFactory.getLogger(RequestMetricsFilter.class);
  private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

  private final MetricRegistry metrics;
  private final long slowNanos;

  public RequestMetricsFilter(MetricRegistry metrics, Duration slowThreshold) {
    this.metrics = metrics;
    this.slowNanos = slowThreshold.toNanos();
  }

  /**
   * Each resource method gets its own filter, which knows its endpoint: asking an injected {@code
   * ResourceInfo} proxy on every request cost 5 % of a warm read's CPU samples.
   */
  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    String name =
        resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
    context.register(
        new Measured(name), ContainerRequestFilter.class, ContainerResponseFilter.class);
  }

  /** The filter of one endpoint; its metrics are looked up on its first request. */
  private final class Measured implements ContainerRequestFilter, ContainerResponseFilter {
    private final String name;
    private volatile Endpoint endpoint;

    Measured(String name) {
      this.name = name;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      request.setProperty(STARTED, System.nanoTime());
      ReadTargets.drain();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      if (request.getProperty(STARTED) instanceof Long start) {
        record(request, response, System.nanoTime() - start);
      }
    }

    private void record(
        ContainerRequestContext request, ContainerResponseContext response, long nanos) {
      Endpoint endpoint = this.endpoint;
      if (endpoint == null) {
        endpoint = this.endpoint = endpoint(name);
      }
      long statements = StatementCounter.current();
      endpoint.requests().update(nanos, TimeUnit.NANOSECONDS);
      endpoint.statements().update(statements);
      endpoint.statementsTotal().inc(statements);
      endpoint.responses(request.getMethod(), response.getStatus()).inc();
      long[] reads = ReadTargets.drain();
      for (int i = 0; i < reads.length; i++) {
        if (reads[i] > 0) {
          endpoint.reads(ReadTargets.TARGETS.get(i)).inc(reads[i]);
        }
      }
      if (nanos >= slowNanos) {
        LOG.warn(
            "Slow request: {} {} -> {} in {} ms, {} SQL statements",
            request.getMethod(),
            endpoint.name(),
            response.getStatus(),
            TimeUnit.NANOSECONDS.toMillis(nanos),
            statements);
      }
    }
  }

  /**
   * An endpoint's metrics, looked up in the registry once rather than on every request; responses
   * are counted per HTTP method and status ({@code http.<endpoint>.responses.<method>.<status>}), a
   * bounded set: an endpoint has one method and a handful of statuses.
   */
  private record Endpoint(
      String name,
      Timer requests,
      Histogram statements,
      Counter statementsTotal,
      MetricRegistry registry,
      Map<String, Counter> byMethodAndStatus) {
    /** Reads by where they ran: primary or replica. */
    Counter reads(String target) {
      return byMethodAndStatus.computeIfAbsent(
          "reads." + target, key -> registry.counter(MetricRegistry.name("http", name, key)));
    }

    Counter responses(String method, int status) {
      return byMethodAndStatus.computeIfAbsent(
          method + "." + status,
          key -> registry.counter(MetricRegistry.name("http", name, "responses", key)));
    }
  }

  private Endpoint endpoint(String name) {
    return new Endpoint(
        name,
        metrics.timer(MetricRegistry.name("http", name, "requests")),
        metrics.histogram(MetricRegistry.name("http", name, "sql-statements")),
        metrics.counter(MetricRegistry.name("http", name, "sql-statements-total")),
        metrics,
        new ConcurrentHashMap<>());
  }
}
