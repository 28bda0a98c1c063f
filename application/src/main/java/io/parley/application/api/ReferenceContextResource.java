package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.ListType;
import io.parley.domain.port.in.GetReferenceContextUseCase;
import io.parley.domain.port.in.ResolveReferenceUseCase;
import io.parley.domain.port.in.SaveReferenceContextUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** The list a conversation last showed, and what the customer's words refer to in it. */
@Path("/v1/tenants/{tenantId}/conversations/{conversationId}/reference-context")
@Tag(name = "reference-context")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ReferenceContextResource {
  private final SaveReferenceContextUseCase save;
  private final GetReferenceContextUseCase get;
  private final ResolveReferenceUseCase resolve;

  public ReferenceContextResource(
      SaveReferenceContextUseCase save,
      GetReferenceContextUseCase get,
      ResolveReferenceUseCase resolve) {
    this.save = save;
    this.get = get;
    this.resolve = resolve;
  }

  @PUT
  @Operation(
      operationId = "putReferenceContext",
      summary = "Store the list just shown",
      description =
          "Replaces the conversation's reference context with a new version: the items in display"
              + " order, each kept as given (id and title required; rowId, the interactive row or"
              + " button id, unique within the list), and the outbound message that showed it.",
      responses =
          @ApiResponse(
              responseCode = "201",
              description = "Stored as a new version",
              content =
                  @Content(schema = @Schema(implementation = ReferenceContextResponse.class))))
  public Response put(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      PutReferenceContextRequest body) {
    PutReferenceContextRequest request = Bodies.required(body);
    ListType listType =
        request.listType() == null ? null : ListType.parse("listType", request.listType());
    var saved =
        save.save(
            new SaveReferenceContextUseCase.Command(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                listType,
                items(request.items()),
                request.ttlSeconds(),
                request.providerMessageId()));
    return Response.status(201).entity(ReferenceContextResponse.from(saved)).build();
  }

  @GET
  @Operation(
      operationId = "getReferenceContext",
      summary = "Read the current reference context",
      description = "The list the conversation last showed; 404 when none is current.")
  @ApiResponse(
      responseCode = "200",
      description = "The current reference context",
      content = @Content(schema = @Schema(implementation = ReferenceContextResponse.class)))
  public ReferenceContextResponse get(
      @PathParam("tenantId") String tenantId, @PathParam("conversationId") String conversationId) {
    return ReferenceContextResponse.from(
        get.current(PathIds.tenant(tenantId), PathIds.conversation(conversationId)));
  }

  @POST
  @Path("/resolve")
  @Operation(
      operationId = "resolveReference",
      summary = "Resolve what the customer refers to",
      description =
          "Reads the customer's words against the current list (or the list a quoted message"
              + " showed): positions, ordinals, titles, quantities, several items, negation and"
              + " prices, in English and Swahili; a tapped row id decides without the words.")
  @ApiResponse(
      responseCode = "200",
      description = "The outcome; NO_CONTEXT when no list is current",
      content = @Content(schema = @Schema(implementation = ResolveResponse.class)))
  public ResolveResponse resolve(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      ResolveRequest body) {
    ResolveRequest request = Bodies.required(body);
    return ResolveResponse.from(
        resolve.resolve(
            new ResolveReferenceUseCase.Query(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                request.text(),
                request.replyToProviderMessageId(),
                request.selectedRowId())));
  }

  /**
   * Each item's id and title (strings, or an id given as a number), its rowId (a string, when
   * given), and the item as given.
   */
  private static List<SaveReferenceContextUseCase.Item> items(List<ObjectNode> given) {
    if (given == null) {
      return null;
    }
    List<SaveReferenceContextUseCase.Item> items = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      ObjectNode item = given.get(i);
      if (item == null) {
        throw new InvalidInputException("items[" + i + "]", "must be a JSON object");
      }
      JsonNode id = item.get("id");
      JsonNode title = item.get("title");
      if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
        throw new InvalidInputException("items[" + i + "].id", "is required (a string)");
      }
      if (title == null || !title.isTextual()) {
        throw new InvalidInputException("items[" + i + "].title", "is required (a string)");
      }
      JsonNode rowId = item.get("rowId");
      if (rowId != null && !rowId.isTextual()) {
        throw new InvalidInputException("items[" + i + "].rowId", "must be a string");
      }
      item.remove("position");
      items.add(
          new SaveReferenceContextUseCase.Item(
              id.asText(), title.asText(), item.toString(), rowId == null ? null : rowId.asText()));
    }
    return items;
  }
}
