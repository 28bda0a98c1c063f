package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.parley.application.api.RenderedJson;
import io.parley.application.config.ApiFactory;
import io.parley.application.config.ParleyServerFactory;
import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.BodySizeLimitFilter;
import io.parley.application.http.ClientAddresses;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.FailedAuthenticationThrottle;
import io.parley.application.http.JsonBodiesWithoutAnnotations;
import io.parley.application.http.JsonErrorHandler;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.http.QueryCountFilter;
import io.parley.application.http.RequestMetricsFilter;
import io.parley.application.http.TenantRateLimitFilter;
import io.parley.application.http.TracingFilter;
import io.parley.application.http.WholeResponses;
import io.parley.application.infra.Durations;
import io.parley.application.infra.SafeLoggingExceptionMapper;
import io.parley.application.infra.Tracing;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.glassfish.jersey.server.ServerProperties;

/**
 * What every API request passes through: tracing, statement counts, metrics, the body limit,
 * authentication with its throttle, the tenant's rate limit, and errors as JSON.
 */
final class HttpInfrastructure {
  private HttpInfrastructure() {}

  static void register(
      ParleyConfiguration config,
      Environment environment,
      Tracing tracing,
      Storage storage,
      Services services) {
    ApiFactory api = config.getApi();
    environment
        .servlets()
        .addFilter("remote-address", new AuthenticationFilter.RemoteAddress())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment
        .servlets()
        .addFilter(
            "tracing",
            new TracingFilter(
                tracing.tracer(), tracing.openTelemetry().getPropagators().getTextMapPropagator()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
    RenderedJson.bound(api.getMaxRenderedJsonBytes().toBytes());
    JerseyEnvironment jersey = environment.jersey();
    // Bodies are buffered by WholeResponses (a buffer per thread, reused), not by Jersey (a new one
    // for every response): a body up to 64 KiB goes out whole, with its Content-Length.
    jersey.property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
    jersey.register(new WholeResponses());
    jersey.register(new TracingFilter.RouteTemplates());
    jersey.register(new QueryCountFilter());
    jersey.register(new JsonBodiesWithoutAnnotations());
    jersey.register(
        new RequestMetricsFilter(
            environment.metrics(), Durations.of(api.getSlowRequestThreshold())));
    jersey.register(new BodySizeLimitFilter(api.getMaxBodySize().toBytes()));
    jersey.register(
        new AuthenticationFilter(
            services.authentication(),
            new FailedAuthenticationThrottle(
                storage.limiter(), api.getFailedAuthenticationsPerMinute()),
            new ClientAddresses(
                config.getServerFactory() instanceof ParleyServerFactory server
                    ? server.trustedProxyList()
                    : List.of())));
    jersey.register(
        new TenantRateLimitFilter(
            storage.limiter(),
            api.getTenantRequestsPerSecond(),
            services.tenants(),
            environment.lifecycle().executorService("parley-tenant-limits").maxThreads(1).build()));
    registerErrorMappers(jersey);
  }

  private static void registerErrorMappers(JerseyEnvironment jersey) {
    jersey.register(new JsonProcessingExceptionMapper());
    jersey.register(new SafeLoggingExceptionMapper());
    jersey.register(new DomainExceptionMappers.NotFoundExceptionMapper());
    jersey.register(new DomainExceptionMappers.InvalidInputExceptionMapper());
    jersey.register(new DomainExceptionMappers.ConflictExceptionMapper());
    jersey.register(new DomainExceptionMappers.StoreUnavailableExceptionMapper());
  }
}
