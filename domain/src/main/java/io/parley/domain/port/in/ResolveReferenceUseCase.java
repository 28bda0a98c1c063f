package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.TenantId;

/**
 * Tells what a customer's reply refers to: in the list the conversation last showed, or in the list
 * the quoted message showed; by the words, or by the tapped row.
 */
public interface ResolveReferenceUseCase {
  /** The longest customer text a resolve reads. */
  int MAX_TEXT = 2_000;

  /**
   * @throws NotFoundException when the conversation is absent
   */
  Resolution resolve(Query query);

  /** The customer's words against the current list. */
  default Resolution resolve(TenantId tenant, ConversationId conversation, String text) {
    return resolve(new Query(tenant, conversation, text, null, null));
  }

  /**
   * A reply: its {@code text}; {@code replyToProviderMessageId}, the outbound message it quotes
   * (null: none); {@code selectedRowId}, the list row or button tapped (null: none; then the text
   * is not read and may be null).
   */
  record Query(
      TenantId tenant,
      ConversationId conversation,
      String text,
      String replyToProviderMessageId,
      String selectedRowId) {}
}
