package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Records the numbered list the bot just showed, superseding the previous one. */
public interface SaveReferenceContextUseCase {
  ReferenceContext save(Command command);

  /** {@code ttlSeconds} null means the default lifetime. */
  record Command(
      TenantId tenant,
      ConversationId conversation,
      ListType listType,
      List<Item> items,
      Integer ttlSeconds) {}

  /** An item as given: its id, its title, and the whole item as a JSON object. */
  record Item(String id, String title, String json) {}
}
