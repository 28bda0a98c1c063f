package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Records the numbered list the bot just showed, superseding the previous one. */
public interface SaveReferenceContextUseCase {
  ReferenceContext save(Command command);

  /**
   * {@code ttlSeconds} null means the default lifetime; {@code providerMessageId} (optional) names
   * the outbound message that showed the list.
   */
  record Command(
      TenantId tenant,
      ConversationId conversation,
      ListType listType,
      List<Item> items,
      Integer ttlSeconds,
      String providerMessageId) {
    /** A list not tied to an outbound message. */
    public Command(
        TenantId tenant,
        ConversationId conversation,
        ListType listType,
        List<Item> items,
        Integer ttlSeconds) {
      this(tenant, conversation, listType, items, ttlSeconds, null);
    }
  }

  /**
   * An item as given: its id, its title, the whole item as a JSON object, and the interactive row
   * id it was shown with (null when none; unique within the list).
   */
  record Item(String id, String title, String json, String rowId) {
    /** An item shown without a row id. */
    public Item(String id, String title, String json) {
      this(id, title, json, null);
    }
  }
}
