package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.TenantId;

/** Tells what a customer's reply refers to in the list the conversation last showed. */
public interface ResolveReferenceUseCase {
  /**
   * @throws NotFoundException when the conversation is absent
   */
  Resolution resolve(TenantId tenant, ConversationId conversation, String text);
}
