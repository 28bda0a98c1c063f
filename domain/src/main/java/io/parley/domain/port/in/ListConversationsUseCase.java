package io.parley.domain.port.in;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Lists a tenant's conversations, most recently updated first, a page at a time. */
public interface ListConversationsUseCase {
  Listing list(Query query);

  /** {@code status} and {@code after} may be null: any status, from the start. */
  record Query(
      TenantId tenant, ConversationStatus status, ConversationListPosition after, int limit) {}

  /** One page and where the next one starts (null at the end). */
  record Listing(List<Conversation> conversations, ConversationListPosition next) {}
}
