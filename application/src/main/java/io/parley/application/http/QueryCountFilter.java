package io.parley.application.http;

import io.parley.application.infra.StatementCounter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Adds {@code X-Query-Count} to every response: the SQL statements this request ran, counted from
 * the real JDBI statements (authentication included, so it runs before everything else).
 */
@PreMatching
@Priority(1)
public final class QueryCountFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String HEADER = "X-Query-Count";

  @Override
  public void filter(ContainerRequestContext request) {
    StatementCounter.reset();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(HEADER, Long.toString(StatementCounter.current()));
  }
}
