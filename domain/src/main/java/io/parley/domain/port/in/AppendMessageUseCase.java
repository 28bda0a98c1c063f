package io.parley.domain.port.in;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Instant;

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
      String providerMessageId,
      Instant sentAt) {
    /** A message sent when it arrives. */
    public Command(
        TenantId tenant,
        ConversationId conversation,
        Direction direction,
        MessageType type,
        String text,
        String payloadJson,
        String providerMessageId) {
      this(tenant, conversation, direction, type, text, payloadJson, providerMessageId, null);
    }
  }
}
