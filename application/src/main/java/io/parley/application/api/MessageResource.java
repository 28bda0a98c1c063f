package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.config.ApiFactory;
import io.parley.application.http.Errors;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.AppendMessageUseCase;
import io.parley.domain.port.in.ReadHistoryUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A conversation's messages: append, and history by cursor or by page number. */
@Path("/v1/tenants/{tenantId}/conversations/{conversationId}/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MessageResource {
  private static final int DEFAULT_LIMIT = 50;

  private final AppendMessageUseCase append;
  private final ReadHistoryUseCase history;
  private final CursorCodec cursors;
  private final int maxPageSize;

  public MessageResource(
      AppendMessageUseCase append,
      ReadHistoryUseCase history,
      CursorCodec cursors,
      int maxPageSize) {
    this.append = append;
    this.history = history;
    this.cursors = cursors;
    this.maxPageSize = maxPageSize;
  }

  @POST
  @Operation(
      operationId = "appendMessage",
      summary = "Append a message",
      description =
          "Stores the message with the conversation's next seq (201). Idempotent by"
              + " providerMessageId: a message already stored under it is answered as stored (200).",
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Stored",
            content = @Content(schema = @Schema(implementation = MessageResponse.class))),
        @ApiResponse(
            responseCode = "200",
            description = "Already stored under this providerMessageId",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
      })
  public Response append(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      AppendMessageRequest body) {
    AppendMessageRequest request = Bodies.required(body);
    JsonNode payload = request.payload();
    if (payload != null && !payload.isNull() && !payload.isObject()) {
      throw new InvalidInputException("payload", "must be a JSON object");
    }
    AppendedMessage appended =
        append.append(
            new AppendMessageUseCase.Command(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                Direction.parse("direction", request.direction()),
                MessageType.parse("type", request.type()),
                request.text(),
                payload == null || payload.isNull() ? null : payload.toString(),
                request.providerMessageId(),
                Timestamps.optional("sentAt", request.sentAt())));
    return Response.status(appended.created() ? 201 : 200)
        .entity(MessageResponse.from(appended.message()))
        .build();
  }

  @GET
  @Operation(
      operationId = "readHistory",
      summary = "Read history",
      description =
          "Two paging styles, chosen by the parameters: cursors (limit, before, after; the"
              + " default, newest first) answer a MessageSlice; page numbers (page, pageSize,"
              + " order) answer a MessagePage with totals. Both cost the same on any page.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "A slice (cursor paging) or a numbered page",
              content = @Content(schema = @Schema(implementation = MessageHistoryResponse.class))))
  public MessageHistoryResponse read(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      @Parameter(
              description = "Cursor paging: messages per slice",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + ApiFactory.DEFAULT_MAX_PAGE_SIZE,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "Cursor paging: messages older than this cursor",
              schema = @Schema(type = "string"))
          @QueryParam("before")
          String before,
      @Parameter(
              description = "Cursor paging: messages newer than this cursor, oldest first",
              schema = @Schema(type = "string"))
          @QueryParam("after")
          String after,
      @Parameter(
              description = "Page paging: the page number",
              schema = @Schema(type = "integer", minimum = "1", defaultValue = "1"))
          @QueryParam("page")
          String page,
      @Parameter(
              description = "Page paging: messages per page",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "1",
                      maximum = "" + ApiFactory.DEFAULT_MAX_PAGE_SIZE,
                      defaultValue = "" + DEFAULT_LIMIT))
          @QueryParam("pageSize")
          String pageSize,
      @Parameter(
              description = "Page paging: desc (newest first) or asc",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {"desc", "asc"},
                      defaultValue = "desc"))
          @QueryParam("order")
          String order,
      @Parameter(
              description = "Only messages of this type",
              schema = @Schema(type = "string", allowableValues = WireEnums.MESSAGE_TYPE))
          @QueryParam("type")
          String type,
      @Parameter(
              description = "Only messages in this direction",
              schema = @Schema(type = "string", allowableValues = WireEnums.DIRECTION))
          @QueryParam("direction")
          String direction,
      @Parameter(
              description = "Whether system messages are included",
              schema = @Schema(type = "boolean", defaultValue = "false"))
          @QueryParam("includeSystem")
          String includeSystem,
      @Parameter(
              description =
                  "The seq of a message the client knows is stored (an append's answer): the read"
                      + " includes it, from the primary if a faster tier does not show it yet",
              schema = @Schema(type = "integer", format = "int64", minimum = "1"))
          @QueryParam("minSeq")
          String minSeq) {
    HistoryParams params =
        new HistoryParams(
            limit, before, after, page, pageSize, order, type, direction, includeSystem);
    long atLeast = QueryParams.positiveLong("minSeq", minSeq);
    TenantId tenant = PathIds.tenant(tenantId);
    ConversationId conversation = PathIds.conversation(conversationId);
    MessageFilter filter =
        new MessageFilter(
            QueryParams.optional("type", params.type, MessageType::parse),
            QueryParams.optional("direction", params.direction, Direction::parse),
            QueryParams.bool("includeSystem", params.includeSystem, false));
    if (params.usesPageNumbers()) {
      if (params.usesCursors()) {
        throw Errors.badRequest(
            "use either cursor paging (limit, before, after) or page paging (page, pageSize, order), not both");
      }
      return readPage(tenant, conversation, filter, params, atLeast);
    }
    return readSlice(tenant, conversation, filter, params, atLeast);
  }

  private MessageSliceResponse readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryParams params,
      long minSeq) {
    if (params.before != null && params.after != null) {
      throw Errors.badRequest("before and after cannot be used together");
    }
    int limit = QueryParams.intIn("limit", params.limit, 1, maxPageSize, DEFAULT_LIMIT);
    String scope = "messages|" + tenant + "|" + conversation;
    HistoryPosition position =
        params.before != null
            ? new HistoryPosition.Before(seq("before", params.before, scope))
            : params.after != null
                ? new HistoryPosition.After(seq("after", params.after, scope))
                : new HistoryPosition.Newest();
    HistorySlice slice =
        history.readSlice(
            new ReadHistoryUseCase.SliceQuery(
                tenant, conversation, filter, position, limit, minSeq));
    List<Message> messages = slice.messages();
    String next = slice.hasMore() ? cursor(scope, messages.get(messages.size() - 1)) : null;
    String prev = messages.isEmpty() ? null : cursor(scope, messages.get(0));
    return new MessageSliceResponse(
        RenderedJson.each(messages, MessageResponse::from), next, prev, slice.hasMore());
  }

  private MessagePageResponse readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryParams params,
      long minSeq) {
    int page = QueryParams.intIn("page", params.page, 1, Integer.MAX_VALUE, 1);
    int pageSize = QueryParams.intIn("pageSize", params.pageSize, 1, maxPageSize, DEFAULT_LIMIT);
    boolean oldestFirst = order(params.order);
    HistoryPage result =
        history.readPage(
            new ReadHistoryUseCase.PageQuery(
                tenant, conversation, filter, page, pageSize, oldestFirst, minSeq));
    long total = result.totalMessages();
    long totalPages = (total + pageSize - 1) / pageSize;
    return new MessagePageResponse(
        RenderedJson.each(result.messages(), MessageResponse::from),
        page,
        pageSize,
        total,
        totalPages,
        page < totalPages,
        page > 1 && totalPages > 0);
  }

  private static boolean order(String order) {
    if (order == null || order.equals("desc")) {
      return false;
    }
    if (order.equals("asc")) {
      return true;
    }
    throw Errors.badRequest("order must be asc or desc");
  }

  private String cursor(String scope, Message message) {
    return cursors.encode(scope, List.of(Long.toString(message.seq())));
  }

  private long seq(String parameter, String cursor, String scope) {
    try {
      return Long.parseLong(cursors.decode(parameter, cursor, scope, 1).get(0));
    } catch (NumberFormatException e) {
      throw Errors.badRequest(parameter + " is not a valid cursor for this list");
    }
  }

  /**
   * The query parameters of a history read; which ones are present picks the paging style. Taken as
   * method parameters, not a {@code @BeanParam}: Jersey injects a bean's fields anew for every
   * request, looking up each field's converter by reflection (a thrown NoSuchMethodException per
   * field), which was 18 % of a history request's CPU under load.
   */
  record HistoryParams(
      String limit,
      String before,
      String after,
      String page,
      String pageSize,
      String order,
      String type,
      String direction,
      String includeSystem) {
    boolean usesPageNumbers() {
      return page != null || pageSize != null || order != null;
    }

    boolean usesCursors() {
      return limit != null || before != null || after != null;
    }
  }
}
