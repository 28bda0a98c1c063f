package io.parley.domain.port.in;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;

/** Appends a message to a conversation; a retried provider message id is answered idempotently. */
public interface AppendMessageUseCase {
  AppendedMessage append(Command command);

  record Command(
      TenantId tenant,
      ConversationId conversation,
      Direction direction,
      MessageType type,
      String text,
      String payloadJson,
      String providerMessageId) {}
}
