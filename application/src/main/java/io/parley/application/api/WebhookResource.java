package io.parley.application.api;

import io.parley.application.http.AuthenticationFilter;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.in.ManageWebhooksUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's webhooks: created (the signing secret shown once), listed, deleted; their deliveries
 * listed and replayed. The admin key or a manage key only.
 */
@Path("/v1/tenants/{tenantId}/webhooks")
@Tag(name = "webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class WebhookResource {
  private static final String DELIVERIES_SCOPE = "webhook-deliveries";

  private final ManageWebhooksUseCase webhooks;
  private final CursorCodec cursors;
  private final int maxPageSize;

  public WebhookResource(ManageWebhooksUseCase webhooks, CursorCodec cursors, int maxPageSize) {
    this.webhooks = webhooks;
    this.cursors = cursors;
    this.maxPageSize = maxPageSize;
  }

  @POST
  @Operation(
      operationId = "createWebhook",
      summary = "Create a webhook",
      description =
          "Events are POSTed to the URL signed with the secret returned here (and only here):"
              + " Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">."
              + " The URL must be https (http only to webhooks.allowedHosts) and must not resolve"
              + " to a loopback or private address.",
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = CreatedWebhook.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not manage webhooks."),
        @ApiResponse(
            responseCode = "422",
            description = "The URL or the events are not allowed, or the tenant has its maximum.")
      })
  public Response create(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      CreateWebhookRequest body) {
    AuthenticationFilter.requireManage(security, "managing webhooks");
    CreateWebhookRequest request = Bodies.required(body);
    Webhook.Created created =
        webhooks.create(
            PathIds.tenant(tenantId),
            request.url(),
            request.events(),
            Boolean.TRUE.equals(request.includeContent()));
    return Response.status(201).entity(CreatedWebhook.from(created)).build();
  }

  @GET
  @Operation(
      operationId = "listWebhooks",
      summary = "List the tenant's webhooks",
      description = "Never a secret. The admin key or a manage key.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The webhooks, oldest first",
            content = @Content(schema = @Schema(implementation = WebhookList.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not manage webhooks.")
      })
  public WebhookList list(
      @Context SecurityContext security, @PathParam("tenantId") String tenantId) {
    AuthenticationFilter.requireManage(security, "managing webhooks");
    return new WebhookList(
        webhooks.list(PathIds.tenant(tenantId)).stream().map(WebhookBody::from).toList());
  }

  @DELETE
  @Path("/{webhookId}")
  @Operation(
      operationId = "deleteWebhook",
      summary = "Delete a webhook",
      description = "Its undelivered events are dropped with it.",
      responses = {
        @ApiResponse(responseCode = "204", description = "Deleted"),
        @ApiResponse(responseCode = "403", description = "A bot key may not manage webhooks."),
        @ApiResponse(responseCode = "404", description = "No such webhook")
      })
  public Response delete(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @PathParam("webhookId") String webhookId) {
    AuthenticationFilter.requireManage(security, "managing webhooks");
    webhooks.delete(PathIds.tenant(tenantId), PathIds.uuid(webhookId, "webhook"));
    return Response.noContent().build();
  }

  @GET
  @Path("/{webhookId}/deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "List a webhook's deliveries",
      description =
          "Newest first, with each delivery's attempts and last error. Kept webhooks.retention.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "A page of deliveries",
            content = @Content(schema = @Schema(implementation = DeliveryPage.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not manage webhooks."),
        @ApiResponse(responseCode = "404", description = "No such webhook")
      })
  public DeliveryPage deliveries(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @PathParam("webhookId") String webhookId,
      @Parameter(schema = @Schema(allowableValues = WireEnums.WEBHOOK_DELIVERY_STATUS))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "Deliveries per page",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
          @QueryParam("limit")
          String limit,
      @QueryParam("cursor") String cursor) {
    AuthenticationFilter.requireManage(security, "managing webhooks");
    TenantId tenant = PathIds.tenant(tenantId);
    UUID webhook = PathIds.uuid(webhookId, "webhook");
    WebhookDelivery.State state =
        QueryParams.optional("status", status, WebhookDelivery.State::parse);
    int pageSize = QueryParams.intIn("limit", limit, 1, maxPageSize, 50);
    String scope = DELIVERIES_SCOPE + ":" + webhook + ":" + (status == null ? "" : status);
    Long before =
        cursor == null ? null : Long.valueOf(cursors.decode("cursor", cursor, scope, 1).get(0));
    List<WebhookDelivery> page = webhooks.deliveries(tenant, webhook, state, before, pageSize);
    String next =
        page.size() < pageSize
            ? null
            : cursors.encode(scope, List.of(Long.toString(page.get(page.size() - 1).position())));
    return new DeliveryPage(page.stream().map(DeliveryBody::from).toList(), next);
  }

  @POST
  @Path("/{webhookId}/replay")
  @Operation(
      operationId = "replayWebhook",
      summary = "Deliver again every event since a time",
      description =
          "Events delivered or dead-lettered since then are delivered again, in order, under"
              + " their own ids (as far back as webhooks.retention).",
      responses = {
        @ApiResponse(
            responseCode = "202",
            description = "Queued",
            content = @Content(schema = @Schema(implementation = Replayed.class))),
        @ApiResponse(responseCode = "403", description = "A bot key may not manage webhooks."),
        @ApiResponse(responseCode = "404", description = "No such webhook"),
        @ApiResponse(responseCode = "422", description = "since is missing or in the future")
      })
  public Response replay(
      @Context SecurityContext security,
      @PathParam("tenantId") String tenantId,
      @PathParam("webhookId") String webhookId,
      ReplayRequest body) {
    AuthenticationFilter.requireManage(security, "managing webhooks");
    ReplayRequest request = Bodies.required(body);
    int queued =
        webhooks.replay(
            PathIds.tenant(tenantId),
            PathIds.uuid(webhookId, "webhook"),
            Timestamps.required("since", request.since()));
    return Response.accepted(new Replayed(queued)).build();
  }

  /** POST body. */
  public record CreateWebhookRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url,
      @ArraySchema(
              schema = @Schema(allowableValues = WireEnums.WEBHOOK_EVENT),
              minItems = 1,
              arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
          List<String> events,
      @Schema(defaultValue = "false", description = "Message text and payload in data")
          Boolean includeContent) {}

  /** Replay body. */
  public record ReplayRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String since) {}

  /** How many deliveries a replay queued. */
  public record Replayed(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int queued) {}

  /** A webhook, without its secret. */
  public record WebhookBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> events,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean includeContent,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt) {
    static WebhookBody from(Webhook webhook) {
      return new WebhookBody(
          webhook.id().toString(),
          webhook.url().toString(),
          webhook.events().stream().map(WebhookEvent::wireName).toList(),
          webhook.includeContent(),
          webhook.createdAt());
    }
  }

  /** A webhook just created, with its signing secret (shown only here). */
  public record CreatedWebhook(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> events,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean includeContent,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String secret,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt) {
    static CreatedWebhook from(Webhook.Created created) {
      WebhookBody body = WebhookBody.from(created.webhook());
      return new CreatedWebhook(
          body.id(),
          body.url(),
          body.events(),
          body.includeContent(),
          created.secret(),
          body.createdAt());
    }
  }

  /** The tenant's webhooks. */
  public record WebhookList(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<WebhookBody> webhooks) {}

  /** One event's delivery. */
  public record DeliveryBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String eventId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = WireEnums.WEBHOOK_DELIVERY_STATUS)
          String status,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int attempts,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true) String lastError,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true) Instant deliveredAt) {
    static DeliveryBody from(WebhookDelivery d) {
      return new DeliveryBody(
          d.eventId().toString(),
          d.type().wireName(),
          d.status().wireName(),
          d.attempts(),
          d.lastError(),
          d.createdAt(),
          d.deliveredAt());
    }
  }

  /** A page of deliveries, newest first. */
  public record DeliveryPage(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<DeliveryBody> deliveries,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true) String nextCursor) {}
}
