package io.parley.domain.port.in;

import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Message;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ServiceWindow;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Everything the assistant builds its prompt from, in one call, trimmed to a token budget. */
public interface BuildAgentContextUseCase {
  AgentContext build(Query query);

  record Query(
      TenantId tenant,
      ConversationId conversation,
      int historyLimit,
      int catalogLimit,
      int maxTokens,
      long minSeq) {}

  /**
   * The conversation, its recent messages (oldest first, no system messages), the active reference
   * context (or null), catalog suggestions for the latest inbound text ({@code catalogQuery}, null
   * when there is none), the estimate of what it all costs in tokens, and whether anything was left
   * out to fit.
   */
  record AgentContext(
      Conversation conversation,
      List<Message> recentMessages,
      ReferenceContext referenceContext,
      String catalogQuery,
      Suggestions catalog,
      int estimatedTokens,
      boolean truncated,
      ServiceWindow serviceWindow,
      boolean botShouldReply) {}
}
