package io.parley.application.api;

import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.Errors;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.ManageApiKeysUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Tenants (created by the operator) and their API keys. */
@Path("/v1/tenants")
@Tag(name = "tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TenantResource {
  private final CreateTenantUseCase createTenant;
  private final ManageApiKeysUseCase apiKeys;

  public TenantResource(CreateTenantUseCase createTenant, ManageApiKeysUseCase apiKeys) {
    this.createTenant = createTenant;
    this.apiKeys = apiKeys;
  }

  @POST
  @Operation(
      operationId = "createTenant",
      summary = "Create a tenant",
      description =
          "Creates a tenant with its first API key, shown only in this response. Admin key only.",
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TenantResponse.class))),
        @ApiResponse(responseCode = "403", description = "Only the admin key may create tenants."),
        @ApiResponse(responseCode = "409", description = "The slug is taken.")
      })
  public Response create(@Context SecurityContext security, CreateTenantRequest body) {
    if (!security.isUserInRole(AuthenticationFilter.ADMIN_ROLE)) {
      throw new WebApplicationException(
          Errors.response(403, "only the admin key may create tenants"));
    }
    CreateTenantRequest request = Bodies.required(body);
    var created =
        createTenant.create(new CreateTenantUseCase.Command(request.name(), request.slug()));
    return Response.status(201).entity(TenantResponse.from(created)).build();
  }

  @POST
  @Path("/{tenantId}/api-keys")
  @Operation(
      operationId = "issueApiKey",
      summary = "Issue an API key",
      description = "Issues another key for the tenant; the secret is shown only in this response.",
      responses =
          @ApiResponse(
              responseCode = "201",
              description = "Issued",
              content = @Content(schema = @Schema(implementation = ApiKeyResponse.class))))
  public Response issueKey(@PathParam("tenantId") String tenantId, CreateApiKeyRequest body) {
    var issued = apiKeys.issue(PathIds.tenant(tenantId), Bodies.required(body).name());
    return Response.status(201).entity(ApiKeyResponse.from(issued)).build();
  }

  @DELETE
  @Path("/{tenantId}/api-keys/{keyId}")
  @Operation(
      operationId = "revokeApiKey",
      summary = "Revoke an API key",
      description = "Revokes the key on every instance at once.",
      responses = @ApiResponse(responseCode = "204", description = "Revoked"))
  public Response revokeKey(
      @PathParam("tenantId") String tenantId, @PathParam("keyId") String keyId) {
    apiKeys.revoke(PathIds.tenant(tenantId), PathIds.apiKey(keyId));
    return Response.noContent().build();
  }
}
