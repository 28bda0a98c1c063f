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

  /**
   * An item as given: its id, its title, the whole item as a JSON object, and what the resolver
   * reads beyond the title: the words of its description and attribute values, and its price.
   */
  record Item(String id, String title, String json, String details, java.math.BigDecimal price) {
    public Item(String id, String title, String json) {
      this(id, title, json, "", null);
    }
  }
}
