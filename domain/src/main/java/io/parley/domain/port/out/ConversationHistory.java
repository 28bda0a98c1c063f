package io.parley.domain.port.out;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import java.util.Optional;

/** Reads a conversation's messages a page at a time; empty when the conversation is absent. */
public interface ConversationHistory {
  /** Up to {@code limit} messages from the position on, by seq; one indexed range read. */
  Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit);

  /**
   * The conversation and its newest {@code limit} messages that pass the filter, oldest first, in
   * one statement whose cost does not grow with the conversation's length.
   */
  Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit);

  /**
   * Page {@code page} (1-based) of {@code pageSize} messages, newest first unless {@code
   * oldestFirst}, with the filter's total taken from the conversation's counters.
   */
  Optional<HistoryPage> readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst);

  /**
   * The same reads from the store of record: no cache, no replica. For a client that demands a
   * write it knows of ({@code minSeq}) when the faster tiers do not show it.
   */
  default ConversationHistory primary() {
    return this;
  }
}
