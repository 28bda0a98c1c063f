package io.parley.application.api;

import io.parley.application.http.AuthenticationFilter;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.ManageApiKeysUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;

/** A tenant's API keys: issued, listed and revoked by the admin key or a manage key only. */
@Path("/v1/tenants/{tenantId}/api-keys")
@Tag(name = "tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ApiKeyResource {
  private final ManageApiKeysUseCase apiKeys;

  public ApiKeyResource(ManageApiKeysUseCase apiKeys) {
    this.apiKeys = apiKeys;
  }

  @POST
  @Operation(
      operationId = "issueApiKey",
      summary = "Issue an API key",
      description =
          "Issues another key for the tenant (scope bot unless said); the secret is shown only in"
              + " this response. The admin key or a manage key; at most keys.maxPerTenant live keys.",
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Issued",
            content = @Content(schema = @Schema(implementation = ApiKeyResponse.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not issue keys."),
        @ApiResponse(responseCode = "422", description = "The tenant has keys.maxPerTenant keys.")
      })
  public Response issue(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      CreateApiKeyRequest body) {
    AuthenticationFilter.requireManage(security, "issuing API keys");
    CreateApiKeyRequest request = Bodies.required(body);
    ApiKeyScope scope =
        request.scope() == null ? ApiKeyScope.BOT : ApiKeyScope.parse("scope", request.scope());
    var issued =
        apiKeys.issue(
            PathIds.tenant(tenantId),
            request.name(),
            scope,
            AuthenticationFilter.principal(security));
    return Response.status(201).entity(ApiKeyResponse.from(issued)).build();
  }

  @GET
  @Operation(
      operationId = "listApiKeys",
      summary = "List the tenant's live API keys",
      description =
          "Never a secret. lastUsedAt is written at most once a minute per key, in the background:"
              + " it can lag real use by a minute or so. The admin key or a manage key.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The live keys, oldest first",
            content = @Content(schema = @Schema(implementation = ApiKeyList.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not list keys.")
      })
  public ApiKeyList list(
      @Context SecurityContext security, @PathParam("tenantId") String tenantId) {
    AuthenticationFilter.requireManage(security, "listing API keys");
    TenantId tenant = PathIds.tenant(tenantId);
    return new ApiKeyList(apiKeys.list(tenant).stream().map(ListedKey::from).toList());
  }

  @DELETE
  @Path("/{keyId}")
  @Operation(
      operationId = "revokeApiKey",
      summary = "Revoke an API key",
      description = "Revokes the key on every instance at once. The admin key or a manage key.",
      responses = {
        @ApiResponse(responseCode = "204", description = "Revoked"),
        @ApiResponse(responseCode = "403", description = "A bot key may not revoke keys.")
      })
  public Response revoke(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @PathParam("keyId") String keyId) {
    AuthenticationFilter.requireManage(security, "revoking API keys");
    apiKeys.revoke(
        PathIds.tenant(tenantId), PathIds.apiKey(keyId), AuthenticationFilter.principal(security));
    return Response.noContent().build();
  }

  /** The tenant's live keys. */
  public record ApiKeyList(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ListedKey> apiKeys) {}

  /** A live key, without its secret. */
  public record ListedKey(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = WireEnums.API_KEY_SCOPE)
          String scope,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              nullable = true,
              description = "Null until a use has been recorded")
          Instant lastUsedAt) {
    static ListedKey from(ListedApiKey listed) {
      return new ListedKey(
          listed.key().id().toString(),
          listed.key().name(),
          listed.key().scope().wireName(),
          listed.key().createdAt(),
          listed.lastUsedAt());
    }
  }
}
