package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;

/** Reads a conversation's active reference context. */
public interface GetReferenceContextUseCase {
  /**
   * @throws NotFoundException when the conversation is absent or has no active context
   */
  ReferenceContext current(TenantId tenant, ConversationId conversation);
}
