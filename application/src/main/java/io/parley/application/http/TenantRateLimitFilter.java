package io.parley.application.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.parley.domain.model.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * Holds each tenant to a request rate (resilience4j's rate limiter, one per tenant): past it, a 429
 * with Retry-After rather than a queue. The admin key is not limited.
 */
@Priority(Priorities.AUTHORIZATION)
public final class TenantRateLimitFilter implements ContainerRequestFilter {
  private final RateLimiterRegistry limiters;

  public TenantRateLimitFilter(int requestsPerSecond) {
    this.limiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(requestsPerSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext() instanceof AuthenticationFilter.PrincipalContext context)
        || !(context.principal() instanceof Principal.TenantKey tenant)) {
      return;
    }
    RateLimiter limiter = limiters.rateLimiter(tenant.tenantId().toString());
    if (!limiter.acquirePermission()) {
      request.abortWith(
          Response.fromResponse(
                  Errors.response(429, "too many requests for this tenant; retry shortly"))
              .header(HttpHeaders.RETRY_AFTER, "1")
              .build());
    }
  }
}
