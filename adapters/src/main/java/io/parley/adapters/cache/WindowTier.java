package io.parley.adapters.cache;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.MessageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The conversation windows' shared tier (Redis) as the near-cache above it ({@link
 * WindowNearCache}) sees it: the two ports it decorates, plus whole windows with the generation
 * each was stored under, so the near-cache can hold what the tier stored and hand it back on the
 * next append (the tier then extends it without sending the window over the wire). A window is the
 * conversation and its newest messages, system messages left out, {@link #SIZE} and one more.
 */
public interface WindowTier extends ConversationHistory, MessageStore {
  /** Messages a window serves: the largest newest page and recent window. */
  int SIZE = 50;

  /**
   * A window the tier stored under {@code generation}: what the near-cache may hold (weighing
   * {@code bytes} of heap).
   */
  record Stored(String generation, ConversationWindow window, int bytes) {}

  /**
   * The conversation's whole window (empty when there is no such conversation), and what of it the
   * caller may hold: null when the tier did not store it (Redis away or distrusted, a race lost).
   */
  record Read(Optional<ConversationWindow> window, Stored stored) {}

  /** An append's outcome, and the window it left stored (null when none was). */
  record Appended(AppendedMessage appended, Stored stored) {}

  /** Whether a window serves a read: the default filter, and no more than it holds. */
  static boolean serves(MessageFilter filter, int limit) {
    return MessageFilter.DEFAULT.equals(filter) && limit <= SIZE;
  }

  /** The newest {@code limit} messages of a whole window, newest first. */
  static HistorySlice newestSlice(ConversationWindow window, int limit) {
    List<Message> newestFirst = new ArrayList<>(window.recentMessages());
    Collections.reverse(newestFirst);
    boolean more = newestFirst.size() > limit;
    return new HistorySlice(more ? newestFirst.subList(0, limit) : newestFirst, more);
  }

  /** A whole window cut to its newest {@code limit} messages. */
  static ConversationWindow newest(ConversationWindow window, int limit) {
    List<Message> all = window.recentMessages();
    return new ConversationWindow(
        window.conversation(), all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  /** The window, from the tier or, when it cannot serve it, from the store below. */
  Read window(TenantId tenant, ConversationId conversation);

  /**
   * Appends; {@code held} is the window the caller holds for the conversation (or null), which the
   * tier extends when it is still the stored one.
   */
  Appended append(TenantId tenant, NewMessage message, Stored held);

  @Override
  default AppendedMessage append(TenantId tenant, NewMessage message) {
    return append(tenant, message, null).appended();
  }

  /**
   * After a committed write of the conversation other than an append: no window from before it is
   * served anywhere once this returns; the rebuilt window, when the tier stored one.
   */
  Stored rebuilt(TenantId tenant, ConversationId conversation);

  @Override
  default void changed(TenantId tenant, ConversationId conversation) {
    rebuilt(tenant, conversation);
  }

  /**
   * No shared tier: the ports as they are, every window read from the store and none stored, so the
   * near-cache above holds nothing (without a shared tier an instance cannot know when another one
   * wrote).
   */
  static WindowTier uncached(ConversationHistory history, MessageStore messages) {
    return new Uncached(history, messages);
  }
}
