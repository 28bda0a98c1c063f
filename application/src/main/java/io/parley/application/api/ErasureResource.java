package io.parley.application.api;

import io.parley.application.http.AuthenticationFilter;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.EraseCustomerUseCase;
import io.parley.domain.port.in.RemoveTenantUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The tenant's erasures: the audit trail, which holds no personal data. */
@Path("/v1/tenants/{tenantId}/erasures")
@Tag(name = "customers")
@Produces(MediaType.APPLICATION_JSON)
public final class ErasureResource {
  private static final int MAX_LIMIT = 200;
  private static final int DEFAULT_LIMIT = 50;

  private final EraseCustomerUseCase erasures;
  private final RemoveTenantUseCase removals;

  public ErasureResource(EraseCustomerUseCase erasures, RemoveTenantUseCase removals) {
    this.erasures = erasures;
    this.removals = removals;
  }

  @GET
  @Path("/{erasureId}")
  @Operation(
      operationId = "getErasure",
      summary = "Read an erasure",
      description =
          "One erasure's audit row: a customer's, or the tenant's own removal (its progress, for"
              + " the admin, while the tenant's keys no longer work).")
  @ApiResponse(
      responseCode = "200",
      description = "The erasure",
      content = @Content(schema = @Schema(implementation = ErasureResponse.class)))
  public ErasureResponse get(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "The erasure's id",
              schema = @Schema(type = "string", format = "uuid"))
          @PathParam("erasureId")
          String erasureId) {
    AuthenticationFilter.requireManage(security, "erasure");
    TenantId tenant = PathIds.tenant(tenantId);
    UUID id = PathIds.uuid(erasureId, "erasure");
    erasures.settle(tenant, id); // a completed erasure whose eraser died: forgotten first
    return ErasureResponse.from(removals.removal(tenant, id));
  }

  @GET
  @Operation(
      operationId = "listErasures",
      summary = "List erasures",
      description = "The tenant's erasures, newest first: ids, counts and times, no personal data.")
  @ApiResponse(
      responseCode = "200",
      description = "The erasures",
      content = @Content(schema = @Schema(implementation = ErasureList.class)))
  public ErasureList list(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "Erasures at most",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + MAX_LIMIT,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limit) {
    AuthenticationFilter.requireManage(security, "erasure");
    return new ErasureList(
        erasures
            .erasures(
                PathIds.tenant(tenantId),
                QueryParams.intIn("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT))
            .stream()
            .map(ErasureResponse::from)
            .toList());
  }

  /** The erasures listed. */
  public record ErasureList(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ErasureResponse> erasures) {}

  /** An erasure's audit row. */
  public record ErasureResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String erasureId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.ERASURE_KIND)
          String kind,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"running", "completed"})
          String status,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long conversations,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long messages,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long referenceContexts,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant requestedAt,
      Instant completedAt) {
    static ErasureResponse from(Erasure e) {
      return new ErasureResponse(
          e.id().toString(),
          e.kind().wireName(),
          e.completed() ? "completed" : "running",
          e.conversations(),
          e.messages(),
          e.referenceContexts(),
          e.requestedAt(),
          e.completedAt());
    }
  }
}
