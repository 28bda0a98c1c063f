package io.parley.domain.port.in;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Changes a conversation's status, human handoff, summary or key facts (the bot's notes). */
public interface UpdateConversationUseCase {
  Conversation update(Command command);

  /** Null fields are left as they are. */
  record Command(
      TenantId tenant,
      ConversationId id,
      ConversationStatus status,
      String summary,
      List<String> keyFacts,
      Conversation.HandoffChange handoff) {
    public Command(
        TenantId tenant,
        ConversationId id,
        ConversationStatus status,
        String summary,
        List<String> keyFacts) {
      this(tenant, id, status, summary, keyFacts, null);
    }
  }
}
