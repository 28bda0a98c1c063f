package io.parley.domain.port.in;

import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;

/** Returns the customer's active conversation on a channel, or starts one. */
public interface StartConversationUseCase {
  StartedConversation start(Command command);

  record Command(
      TenantId tenant, String channel, String address, String customerName, String language) {}
}
