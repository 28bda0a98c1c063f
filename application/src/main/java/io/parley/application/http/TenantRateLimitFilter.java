package io.parley.application.http;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.domain.model.Principal;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.LimitTenantUseCase;
import io.parley.domain.port.out.RequestLimiter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Holds each tenant to its request rate, counted across instances (the limiter): past it, a 429
 * with Retry-After rather than a queue. A tenant's own limit (set by the operator) replaces the
 * service-wide one; it is read in the background and refreshed every few seconds, so a request
 * never waits on the database for it. The admin key is not limited.
 */
@Priority(Priorities.AUTHORIZATION)
public final class TenantRateLimitFilter implements ContainerRequestFilter {
  /** How soon a changed tenant limit holds on every instance. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private final RequestLimiter limiter;
  private final int defaultPerSecond;
  private final AsyncLoadingCache<TenantId, Optional<Integer>> own;

  public TenantRateLimitFilter(
      RequestLimiter limiter, int defaultPerSecond, LimitTenantUseCase limits, Executor loader) {
    this.limiter = limiter;
    this.defaultPerSecond = defaultPerSecond;
    this.own =
        Caffeine.newBuilder()
            .refreshAfterWrite(REFRESH)
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .executor(loader)
            .buildAsync(limits::requestsPerSecond);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext() instanceof AuthenticationFilter.PrincipalContext context)
        || !(context.principal() instanceof Principal.TenantKey tenant)) {
      return;
    }
    int perSecond = limitOf(tenant.tenantId());
    if (perSecond <= 0) {
      return;
    }
    RequestLimiter.Admission admission =
        limiter.admit("tenant:" + tenant.tenantId(), perSecond, Duration.ofSeconds(1));
    if (!admission.admitted()) {
      request.abortWith(
          Response.fromResponse(
                  Errors.response(429, "too many requests for this tenant; retry shortly"))
              .header(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()))
              .build());
    }
  }

  /** The tenant's own limit once loaded; the service-wide one until then. */
  private int limitOf(TenantId tenant) {
    CompletableFuture<Optional<Integer>> loaded = own.get(tenant);
    if (!loaded.isDone() || loaded.isCompletedExceptionally()) {
      return defaultPerSecond;
    }
    return loaded.join().orElse(defaultPerSecond);
  }
}
