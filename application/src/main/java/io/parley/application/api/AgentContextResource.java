package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.application.api.CatalogBodies.ProductResponse;
import io.parley.application.api.CatalogBodies.ServiceResponse;
import io.parley.domain.port.in.BuildAgentContextUseCase;
import io.parley.domain.port.in.BuildAgentContextUseCase.AgentContext;
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
@Produces(MediaType.APPLICATION_JSON)
public final class AgentContextResource {
  private final BuildAgentContextUseCase build;

  public AgentContextResource(BuildAgentContextUseCase build) {
    this.build = build;
  }

  @GET
  public AgentContextResponse get(
      @PathParam("tenantId") String tenantId,
      @PathParam("conversationId") String conversationId,
      @QueryParam("historyLimit") String historyLimit,
      @QueryParam("catalogLimit") String catalogLimit,
      @QueryParam("maxTokens") String maxTokens) {
    AgentContext context =
        build.build(
            new BuildAgentContextUseCase.Query(
                PathIds.tenant(tenantId),
                PathIds.conversation(conversationId),
                QueryParams.intIn("historyLimit", historyLimit, 0, 200, 20),
                QueryParams.intIn("catalogLimit", catalogLimit, 0, 20, 5),
                QueryParams.intIn("maxTokens", maxTokens, 100, 200_000, 4_000)));
    return AgentContextResponse.from(context);
  }

  /** The agent context as the API shows it. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record AgentContextResponse(
      ConversationResponse conversation,
      ConversationResponse.CustomerResponse customer,
      String summary,
      List<String> keyFacts,
      List<MessageResponse> recentMessages,
      ReferenceContextResponse referenceContext,
      Catalog catalog,
      int estimatedTokens,
      boolean truncated) {
    static AgentContextResponse from(AgentContext c) {
      ConversationResponse conversation = ConversationResponse.from(c.conversation());
      return new AgentContextResponse(
          conversation,
          conversation.customer(),
          c.conversation().summary(),
          c.conversation().keyFacts(),
          c.recentMessages().stream().map(MessageResponse::from).toList(),
          c.referenceContext() == null ? null : ReferenceContextResponse.from(c.referenceContext()),
          new Catalog(
              c.catalogQuery(),
              c.catalog().products().stream().map(ProductResponse::from).toList(),
              c.catalog().services().stream().map(ServiceResponse::from).toList(),
              c.catalog().priority().name().toLowerCase(Locale.ROOT)),
          c.estimatedTokens(),
          c.truncated());
    }
  }

  /** Catalog suggestions for the latest inbound message's text. */
  public record Catalog(
      String query,
      List<ProductResponse> products,
      List<ServiceResponse> services,
      String priority) {}
}
