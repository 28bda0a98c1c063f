package io.parley.domain.port.in;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;

/** Pages through a conversation's history, by keyset or by page number. */
public interface ReadHistoryUseCase {
  HistorySlice readSlice(SliceQuery query);

  HistoryPage readPage(PageQuery query);

  record SliceQuery(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit,
      long minSeq) {}

  record PageQuery(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst,
      long minSeq) {}
}
