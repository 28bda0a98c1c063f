package io.parley.domain.port.in;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;

/** Reads one conversation. */
public interface GetConversationUseCase {
  /**
   * @throws NotFoundException when the tenant has no such conversation
   */
  Conversation get(TenantId tenant, ConversationId id);
}
