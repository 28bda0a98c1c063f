package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.Errors;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.in.ConfigureTenantUseCase;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.LimitTenantUseCase;
import io.parley.domain.port.in.RemoveTenantUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.HashMap;
import java.util.Map;

/** Tenants (created by the operator) and their settings; their keys are {@link ApiKeyResource}. */
@Path("/v1/tenants")
@Tag(name = "tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TenantResource {
  private final CreateTenantUseCase createTenant;
  private final ConfigureTenantUseCase configure;
  private final LimitTenantUseCase limits;
  private final RemoveTenantUseCase removal;

  public TenantResource(
      CreateTenantUseCase createTenant,
      ConfigureTenantUseCase configure,
      LimitTenantUseCase limits,
      RemoveTenantUseCase removal) {
    this.createTenant = createTenant;
    this.limits = limits;
    this.configure = configure;
    this.removal = removal;
  }

  @DELETE
  @Path("/{tenantId}")
  @Operation(
      operationId = "removeTenant",
      summary = "Remove a tenant",
      description =
          "Admin key only. Every key of the tenant stops working at once, on every instance; its"
              + " data is deleted in the background (follow it at GET"
              + " /v1/tenants/{tenantId}/erasures/{erasureId}); its slug is free when that completes."
              + " Asking again answers the same erasure.",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "Removal under way",
            content =
                @Content(schema = @Schema(implementation = ErasureResource.ErasureResponse.class))),
        @ApiResponse(responseCode = "403", description = "Only the admin key may remove tenants.")
      })
  public Response remove(
      @Context SecurityContext security, @PathParam("tenantId") String tenantId) {
    if (!security.isUserInRole(AuthenticationFilter.ADMIN_ROLE)) {
      throw new WebApplicationException(
          Errors.response(403, "only the admin key may remove tenants"));
    }
    return Response.status(202)
        .entity(ErasureResource.ErasureResponse.from(removal.remove(PathIds.tenant(tenantId))))
        .build();
  }

  @GET
  @Path("/{tenantId}")
  @Operation(
      operationId = "getTenantSettings",
      summary = "Read a tenant's data-lifecycle settings",
      description =
          "Retention of messages and closed conversations, and when conversations go dormant.")
  @ApiResponse(
      responseCode = "200",
      description = "The settings",
      content = @Content(schema = @Schema(implementation = TenantSettingsResponse.class)))
  public TenantSettingsResponse settings(
      @Context SecurityContext security, @PathParam("tenantId") String tenantId) {
    AuthenticationFilter.requireManage(security, "tenant settings");
    TenantId tenant = PathIds.tenant(tenantId);
    return TenantSettingsResponse.of(tenant, configure.settings(tenant))
        .limitedTo(limits.requestsPerSecond(tenant).orElse(null));
  }

  @PATCH
  @Path("/{tenantId}")
  @Operation(
      operationId = "updateTenantSettings",
      summary = "Change a tenant's data-lifecycle settings",
      description =
          "Fields present are changed, absent ones kept; null turns one off (keep forever, never"
              + " dormant). Days from 1 to 3650, hours from 1 to 8760. The admin key or the"
              + " tenant's own.")
  @ApiResponse(
      responseCode = "200",
      description = "The settings now",
      content = @Content(schema = @Schema(implementation = TenantSettingsResponse.class)))
  public TenantSettingsResponse updateSettings(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @RequestBody(content = @Content(schema = @Schema(implementation = TenantSettingsPatch.class)))
          JsonNode body) {
    AuthenticationFilter.requireManage(security, "tenant settings");
    TenantId tenant = PathIds.tenant(tenantId);
    if (body == null || !body.isObject()) {
      throw Errors.badRequest("the body must be a JSON object");
    }
    Map<String, Integer> changes = new HashMap<>();
    JsonNode retention = body.get("retention");
    if (retention != null) {
      if (retention.isNull()) {
        changes.put("messageDays", null);
        changes.put("closedConversationDays", null);
      } else if (retention.isObject()) {
        field(retention, "messageDays", "retention.messageDays", changes);
        field(retention, "closedConversationDays", "retention.closedConversationDays", changes);
      } else {
        throw Errors.badRequest("retention must be an object or null");
      }
    }
    field(body, "dormantAfterHours", "dormantAfterHours", changes);
    field(body, "handoffIdleMinutes", "handoffIdleMinutes", changes);
    Map<String, Integer> limit = new HashMap<>();
    field(body, "requestsPerSecond", "requestsPerSecond", limit);
    if (!limit.isEmpty()) {
      if (!security.isUserInRole(AuthenticationFilter.ADMIN_ROLE)) {
        throw new WebApplicationException(
            Errors.response(403, "only the admin key may set requestsPerSecond"));
      }
      limits.limit(tenant, limit.get("requestsPerSecond"));
    }
    TenantSettings settings =
        changes.isEmpty() ? configure.settings(tenant) : configure.update(tenant, changes);
    return TenantSettingsResponse.of(tenant, settings)
        .limitedTo(limits.requestsPerSecond(tenant).orElse(null));
  }

  private static void field(
      JsonNode object, String name, String path, Map<String, Integer> changes) {
    JsonNode value = object.get(name);
    if (value == null) {
      return;
    }
    if (value.isNull()) {
      changes.put(name, null);
    } else if (value.isIntegralNumber() && value.canConvertToInt()) {
      changes.put(name, value.intValue());
    } else {
      throw Errors.badRequest(path + " must be a whole number or null");
    }
  }

  /** A tenant's data-lifecycle settings; null is off. */
  public record TenantSettingsResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Retention retention,
      @Schema(description = "Open and bot conversations idle this long become dormant")
          Integer dormantAfterHours,
      @Schema(description = "A human handoff ends after this many minutes without an agent message")
          Integer handoffIdleMinutes,
      @Schema(
              description =
                  "The tenant's own request limit (set by the admin key); null: the service-wide"
                      + " one",
              nullable = true)
          Integer requestsPerSecond) {
    static TenantSettingsResponse of(TenantId tenant, TenantSettings settings) {
      return new TenantSettingsResponse(
          tenant.toString(),
          new Retention(settings.messageDays(), settings.closedConversationDays()),
          settings.dormantAfterHours(),
          settings.handoffIdleMinutes(),
          null);
    }

    TenantSettingsResponse limitedTo(Integer requestsPerSecond) {
      return new TenantSettingsResponse(
          id, retention, dormantAfterHours, handoffIdleMinutes, requestsPerSecond);
    }
  }

  /** How long messages and closed conversations are kept; null is forever. */
  public record Retention(
      @Schema(minimum = "1", maximum = "" + TenantSettings.MAX_DAYS) Integer messageDays,
      @Schema(minimum = "1", maximum = "" + TenantSettings.MAX_DAYS)
          Integer closedConversationDays) {}

  /** A change of settings: fields present are changed, null turns one off. */
  public record TenantSettingsPatch(
      Retention retention,
      @Schema(minimum = "1", maximum = "" + TenantSettings.MAX_HOURS) Integer dormantAfterHours,
      @Schema(minimum = "1", maximum = "" + TenantSettings.MAX_IDLE_MINUTES)
          Integer handoffIdleMinutes,
      @Schema(
              minimum = "1",
              maximum = "" + LimitTenantUseCase.MAX_REQUESTS_PER_SECOND,
              nullable = true,
              description = "Admin key only; null removes the tenant's own limit")
          Integer requestsPerSecond) {}

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
}
