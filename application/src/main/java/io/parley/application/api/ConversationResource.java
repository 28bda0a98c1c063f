package io.parley.application.api;

import io.parley.application.config.ApiFactory;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.GetConversationUseCase;
import io.parley.domain.port.in.ListConversationsUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import io.parley.domain.port.in.UpdateConversationUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Conversations: get-or-create, read, update, list. */
@Path("/v1/tenants/{tenantId}/conversations")
@Tag(name = "conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConversationResource {
  private static final int DEFAULT_LIMIT = 50;

  private final StartConversationUseCase start;
  private final GetConversationUseCase get;
  private final UpdateConversationUseCase update;
  private final ListConversationsUseCase list;
  private final CursorCodec cursors;
  private final int maxPageSize;

  public ConversationResource(
      StartConversationUseCase start,
      GetConversationUseCase get,
      UpdateConversationUseCase update,
      ListConversationsUseCase list,
      CursorCodec cursors,
      int maxPageSize) {
    this.start = start;
    this.get = get;
    this.update = update;
    this.list = list;
    this.cursors = cursors;
    this.maxPageSize = maxPageSize;
  }

  @POST
  @Operation(
      operationId = "startConversation",
      summary = "Get or create the customer's active conversation",
      description =
          "Returns the customer's active conversation on the channel (200), or starts one (201).",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The active conversation",
            content = @Content(schema = @Schema(implementation = ConversationResponse.class))),
        @ApiResponse(
            responseCode = "201",
            description = "Started",
            content = @Content(schema = @Schema(implementation = ConversationResponse.class)))
      })
  public Response start(@PathParam("tenantId") String tenantId, StartConversationRequest body) {
    StartConversationRequest request = Bodies.required(body);
    StartConversationRequest.Customer customer =
        request.customer() == null
            ? new StartConversationRequest.Customer(null, null, null)
            : request.customer();
    StartedConversation started =
        start.start(
            new StartConversationUseCase.Command(
                PathIds.tenant(tenantId),
                request.channel(),
                customer.address(),
                customer.name(),
                customer.language()));
    return Response.status(started.created() ? 201 : 200)
        .entity(ConversationResponse.from(started.conversation()))
        .build();
  }

  @GET
  @Path("/{conversationId}")
  @Operation(
      operationId = "getConversation",
      summary = "Read a conversation",
      description = "The conversation with its customer, counters, summary and key facts.")
  @ApiResponse(
      responseCode = "200",
      description = "The conversation",
      content = @Content(schema = @Schema(implementation = ConversationResponse.class)))
  public ConversationResponse get(
      @PathParam("tenantId") String tenantId, @PathParam("conversationId") String conversationId) {
    return ConversationResponse.from(
        get.get(PathIds.tenant(tenantId), PathIds.conversation(conversationId)));
  }

  @PATCH
  @Path("/{conversationId}")
  @Operation(
      operationId = "updateConversation",
      summary = "Update a conversation",
      description = "Changes the status, summary or key facts; absent fields are left as they are.")
  @ApiResponse(
      responseCode = "200",
      description = "The updated conversation",
      content = @Content(schema = @Schema(implementation = ConversationResponse.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Reopening it would give the customer two active conversations on the channel.")
  public ConversationResponse update(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      UpdateConversationRequest body) {
    UpdateConversationRequest request = Bodies.required(body);
    ConversationStatus status =
        request.status() == null ? null : ConversationStatus.parse("status", request.status());
    return ConversationResponse.from(
        update.update(
            new UpdateConversationUseCase.Command(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                status,
                request.summary(),
                request.keyFacts(),
                handoff(request.handoff()))));
  }

  private static Conversation.HandoffChange handoff(UpdateConversationRequest.HandoffRequest h) {
    if (h == null) {
      return null;
    }
    if (h.active() == null) {
      throw new InvalidInputException("handoff.active", "is required (true or false)");
    }
    return new Conversation.HandoffChange(
        h.active(), h.assignee(), h.reason(), Timestamps.optional("handoff.until", h.until()));
  }

  @GET
  @Operation(
      operationId = "listConversations",
      summary = "List conversations",
      description = "The tenant's conversations, most recently updated first, cursor-paged.")
  @ApiResponse(
      responseCode = "200",
      description = "A page of conversations",
      content = @Content(schema = @Schema(implementation = ConversationListResponse.class)))
  public ConversationListResponse list(
      @PathParam("tenantId") String tenantId,
      @Parameter(
              description = "Only conversations with this status",
              schema = @Schema(type = "string", allowableValues = WireEnums.CONVERSATION_STATUS))
          @QueryParam("status")
          String statusParam,
      @Parameter(
              description = "Conversations per page",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + ApiFactory.DEFAULT_MAX_PAGE_SIZE,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limitParam,
      @Parameter(
              description = "The next cursor of the previous page",
              schema = @Schema(type = "string"))
          @QueryParam("cursor")
          String cursor) {
    TenantId tenant = PathIds.tenant(tenantId);
    ConversationStatus status =
        QueryParams.optional("status", statusParam, ConversationStatus::parse);
    int limit = QueryParams.intIn("limit", limitParam, 1, maxPageSize, DEFAULT_LIMIT);
    String scope = "conversations|" + tenant + "|" + (status == null ? "*" : status.wireName());
    var listing =
        list.list(
            new ListConversationsUseCase.Query(
                tenant, status, ConversationListResponse.after(cursors, cursor, scope), limit));
    return ConversationListResponse.of(listing, cursors, scope);
  }
}
