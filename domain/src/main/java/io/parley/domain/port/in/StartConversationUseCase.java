package io.parley.domain.port.in;

import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore.Started;

/** Returns the customer's active conversation on a channel, or starts one. */
public interface StartConversationUseCase {
  Started start(Command command);

  record Command(
      TenantId tenant, String channel, String address, String customerName, String language) {}
}
