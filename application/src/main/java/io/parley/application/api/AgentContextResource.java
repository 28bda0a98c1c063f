package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.application.api.CatalogBodies.ProductResponse;
import io.parley.application.api.CatalogBodies.ServiceResponse;
import io.parley.domain.port.in.BuildAgentContextUseCase;
import io.parley.domain.port.in.BuildAgentContextUseCase.AgentContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** The agent context: everything the assistant's prompt needs, in one call. */
@Path("/v1/tenants/{tenantId}/conversations/{conversationId}/agent-context")
@Tag(name = "agent-context")
@Produces(MediaType.APPLICATION_JSON)
public final class AgentContextResource {
  // The parameters' ranges, as checked below and as the OpenAPI document states them.
  private static final int MAX_HISTORY = 200;
  private static final int DEFAULT_HISTORY = 20;
  private static final int MAX_CATALOG = 20;
  private static final int DEFAULT_CATALOG = 5;
  private static final int MIN_TOKENS = 100;
  private static final int MAX_TOKENS = 200_000;
  private static final int DEFAULT_TOKENS = 4_000;

  private final BuildAgentContextUseCase build;

  public AgentContextResource(BuildAgentContextUseCase build) {
    this.build = build;
  }

  @GET
  @Operation(
      operationId = "getAgentContext",
      summary = "Build the agent context",
      description =
          "The conversation, its recent messages, the current reference context and catalog"
              + " suggestions for the latest inbound message, trimmed to a token budget.")
  @ApiResponse(
      responseCode = "200",
      description = "The agent context",
      content = @Content(schema = @Schema(implementation = AgentContextResponse.class)))
  public AgentContextResponse get(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      @Parameter(
              description = "Recent messages to include at most",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "0",
                      maximum = "" + MAX_HISTORY,
                      defaultValue = "" + DEFAULT_HISTORY))
          @QueryParam("historyLimit")
          String historyLimit,
      @Parameter(
              description = "Catalog suggestions to include at most",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "0",
                      maximum = "" + MAX_CATALOG,
                      defaultValue = "" + DEFAULT_CATALOG))
          @QueryParam("catalogLimit")
          String catalogLimit,
      @Parameter(
              description = "Token budget the context is trimmed to",
              schema =
                  @Schema(
                      type = "integer",
                      minimum = "" + MIN_TOKENS,
                      maximum = "" + MAX_TOKENS,
                      defaultValue = "" + DEFAULT_TOKENS))
          @QueryParam("maxTokens")
          String maxTokens,
      @Parameter(
              description =
                  "The seq of a message the client knows is stored (an append's answer): the read"
                      + " includes it, from the primary if a faster tier does not show it yet",
              schema = @Schema(type = "integer", format = "int64", minimum = "1"))
          @QueryParam("minSeq")
          String minSeq) {
    AgentContext context =
        build.build(
            new BuildAgentContextUseCase.Query(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                QueryParams.intIn("historyLimit", historyLimit, 0, MAX_HISTORY, DEFAULT_HISTORY),
                QueryParams.intIn("catalogLimit", catalogLimit, 0, MAX_CATALOG, DEFAULT_CATALOG),
                QueryParams.intIn("maxTokens", maxTokens, MIN_TOKENS, MAX_TOKENS, DEFAULT_TOKENS),
                QueryParams.positiveLong("minSeq", minSeq)));
    return AgentContextResponse.from(context);
  }

  /** The agent context as the API shows it. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record AgentContextResponse(
      ConversationResponse conversation,
      ConversationResponse.CustomerResponse customer,
      String summary,
      List<String> keyFacts,
      @ArraySchema(schema = @Schema(implementation = MessageResponse.class))
          List<RawValue> recentMessages,
      ReferenceContextResponse referenceContext,
      Catalog catalog,
      int estimatedTokens,
      boolean truncated,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ServiceWindowResponse serviceWindow,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          ConversationResponse.HandoffResponse handoff,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description =
                  "False while a human handoff is active, or when the conversation is closed or"
                      + " dormant (the customer's next message starts a new conversation)")
          boolean botShouldReply) {
    static AgentContextResponse from(AgentContext c) {
      ConversationResponse conversation = ConversationResponse.from(c.conversation());
      return new AgentContextResponse(
          conversation,
          conversation.customer(),
          c.conversation().summary(),
          c.conversation().keyFacts(),
          RenderedJson.each(c.recentMessages(), MessageResponse::from),
          c.referenceContext() == null ? null : ReferenceContextResponse.from(c.referenceContext()),
          new Catalog(
              c.catalogQuery(),
              RenderedJson.each(c.catalog().products(), ProductResponse::from),
              RenderedJson.each(c.catalog().services(), ServiceResponse::from),
              c.catalog().priority().name().toLowerCase(Locale.ROOT)),
          c.estimatedTokens(),
          c.truncated(),
          new ServiceWindowResponse(c.serviceWindow().open(), c.serviceWindow().expiresAt()),
          conversation.handoff(),
          c.botShouldReply());
    }
  }

  /**
   * The customer-service window: open while less than 24 h have passed since the conversation's
   * lastInboundAt (free-form replies allowed); expiresAt is lastInboundAt + 24 h, null without an
   * inbound message.
   */
  public record ServiceWindowResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean open,
      @Schema(nullable = true) java.time.Instant expiresAt) {}

  /** Catalog suggestions for the latest inbound message's text. */
  public record Catalog(
      String query,
      @ArraySchema(schema = @Schema(implementation = ProductResponse.class))
          List<RawValue> products,
      @ArraySchema(schema = @Schema(implementation = ServiceResponse.class))
          List<RawValue> services,
      String priority) {}
}
