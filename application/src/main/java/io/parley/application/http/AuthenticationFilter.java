package io.parley.application.http;

import io.parley.application.api.PingResource;
import io.parley.domain.model.Principal;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.AuthenticateUseCase;
import io.parley.domain.port.out.RequestLimiter;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import jakarta.annotation.Priority;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Bearer-key authentication for every resource but liveness and the OpenAPI document, and the one
 * place tenant isolation is enforced: a tenant key that names another tenant in the path gets 404,
 * exactly as if that tenant did not exist.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
  /** The role of the admin key, as {@link SecurityContext#isUserInRole} reports it. */
  public static final String ADMIN_ROLE = "admin";

  /**
   * The role of callers that may manage a tenant (keys, webhooks, settings, erasure): the admin key
   * and {@code manage} keys.
   */
  public static final String MANAGE_ROLE = "manage";

  private static final String BEARER = "Bearer ";

  /** The resources served without a key. */
  private static final Set<Class<?>> PUBLIC = Set.of(PingResource.class, OpenApiResource.class);

  private final AuthenticateUseCase authenticate;
  private final FailedAuthenticationThrottle throttle;
  private final ClientAddresses clients;

  public AuthenticationFilter(
      AuthenticateUseCase authenticate,
      FailedAuthenticationThrottle throttle,
      ClientAddresses clients) {
    this.authenticate = authenticate;
    this.throttle = throttle;
    this.clients = clients;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (isPublic(request)) {
      return;
    }
    String client =
        clients.clientOf(
            request.getProperty(RemoteAddress.ATTRIBUTE) instanceof String peer ? peer : "unknown",
            request.getHeaderString("X-Forwarded-For"));
    // Authentication comes first: a valid key always passes, whatever the address did before
    // (behind a proxy not listed in trustedProxies every client shares one address, and wrong
    // keys from anyone would otherwise lock every tenant out). Only failures are throttled.
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(request, client, "an Authorization: Bearer <key> header is required");
      return;
    }
    Optional<Principal> principal =
        authenticate.authenticate(header.substring(BEARER.length()).trim());
    if (principal.isEmpty()) {
      refuse(request, client, "the API key is not valid");
      return;
    }
    String tenant = request.getUriInfo().getPathParameters().getFirst("tenantId");
    if (tenant != null && !mayAccess(principal.get(), tenant)) {
      request.abortWith(Errors.response(404, "tenant not found"));
      return;
    }
    request.setSecurityContext(new PrincipalContext(principal.get(), request.getSecurityContext()));
  }

  /**
   * Liveness and the OpenAPI document, by the resource that matched: every other resource needs a
   * key. Deciding by the request's path string let a spelling of it through ({@code /v1;x/...}: the
   * path keeps matrix parameters, routing ignores them), so this fails closed instead.
   */
  private static boolean isPublic(ContainerRequestContext request) {
    List<Object> matched = request.getUriInfo().getMatchedResources();
    return !matched.isEmpty() && PUBLIC.contains(matched.get(matched.size() - 1).getClass());
  }

  private static boolean mayAccess(Principal principal, String tenant) {
    try {
      return principal.mayAccess(new TenantId(UUID.fromString(tenant)));
    } catch (IllegalArgumentException notAnId) {
      return false;
    }
  }

  /** The authenticated caller of a /v1 request. */
  public static Principal principal(SecurityContext security) {
    // Jersey injects a proxy of the request's SecurityContext: reach the caller through it.
    if (security.getUserPrincipal() instanceof Caller caller) {
      return caller.principal();
    }
    throw new IllegalStateException("not an authenticated /v1 request");
  }

  /** Refuses (403) a caller whose key may not manage its tenant. */
  public static void requireManage(SecurityContext security, String what) {
    if (!security.isUserInRole(MANAGE_ROLE)) {
      throw new jakarta.ws.rs.WebApplicationException(
          Errors.response(403, what + " needs a manage key or the admin key"));
    }
  }

  /**
   * A failed authentication: 401, or 429 when the address is past its allowance (already held back,
   * without counting again, or by this failure).
   */
  private void refuse(ContainerRequestContext request, String client, String message) {
    Optional<RequestLimiter.Admission> heldBack = throttle.heldBack(client);
    if (heldBack.isPresent()) {
      request.abortWith(tooManyFailures(heldBack.get()));
      return;
    }
    RequestLimiter.Admission admission = throttle.failed(client);
    request.abortWith(admission.admitted() ? unauthorized(message) : tooManyFailures(admission));
  }

  private static Response tooManyFailures(RequestLimiter.Admission admission) {
    return Response.fromResponse(
            Errors.response(429, "too many failed authentications from this address; retry later"))
        .header(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()))
        .build();
  }

  private static Response unauthorized(String message) {
    return Response.fromResponse(Errors.response(401, message))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  /**
   * Hands the peer's address to Jersey as a request attribute (Jersey's request properties are the
   * servlet request's attributes): read through an injected {@code HttpServletRequest} proxy, it
   * cost 5 % of a warm read's CPU samples.
   */
  public static final class RemoteAddress implements Filter {
    static final String ATTRIBUTE = RemoteAddress.class.getName();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      request.setAttribute(ATTRIBUTE, request.getRemoteAddr());
      chain.doFilter(request, response);
    }
  }

  /** Exposes the authenticated caller to resources. */
  public record PrincipalContext(Principal principal, SecurityContext original)
      implements SecurityContext {
    @Override
    public java.security.Principal getUserPrincipal() {
      return new Caller(principal);
    }

    @Override
    public boolean isUserInRole(String role) {
      return switch (role) {
        case ADMIN_ROLE -> principal instanceof Principal.Admin;
        case MANAGE_ROLE -> principal.mayManage();
        default -> false;
      };
    }

    @Override
    public boolean isSecure() {
      return original != null && original.isSecure();
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }

  /** The caller as {@link SecurityContext#getUserPrincipal()} names it. */
  public record Caller(Principal principal) implements java.security.Principal {
    @Override
    public String getName() {
      return principal instanceof Principal.Admin ? "admin" : "tenant";
    }
  }
}
