package io.parley.application.http;

import io.parley.domain.model.KeyHash;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The admin port answers only the admin key (tasks, metrics, thread dumps); loopback is shared by
 * every sidecar of a pod, so binding it there is not enough. Liveness and health stay open for load
 * balancers and orchestrators; {@code /prometheus} also takes the metrics token, when one is set,
 * so a scraper never holds the admin key.
 */
public final class AdminAuthenticationFilter implements Filter {
  private static final Set<String> OPEN = Set.of("/ping", "/healthcheck");
  private static final String METRICS = "/prometheus";
  private static final String BEARER = "Bearer ";
  private final KeyHash adminKey;
  private final Optional<KeyHash> metricsToken;

  public AdminAuthenticationFilter(String adminKey, String metricsToken) {
    this.adminKey = KeyHash.of(adminKey);
    this.metricsToken =
        metricsToken == null || metricsToken.isEmpty()
            ? Optional.empty()
            : Optional.of(KeyHash.of(metricsToken));
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (OPEN.contains(path) || allowed(path, request.getHeader("Authorization"))) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    response.setStatus(401);
    response.setHeader("WWW-Authenticate", "Bearer");
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"code\":401,\"message\":\"the admin port needs an Authorization: Bearer <admin key>"
                    + " header\"}")
                .getBytes(StandardCharsets.UTF_8));
  }

  private boolean allowed(String path, String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    String presented = header.substring(BEARER.length()).trim();
    if (presented.isEmpty() || presented.length() > 256) {
      return false;
    }
    KeyHash hash = KeyHash.of(presented);
    return adminKey.matches(hash)
        || (path.equals(METRICS) && metricsToken.filter(token -> token.matches(hash)).isPresent());
  }
}
