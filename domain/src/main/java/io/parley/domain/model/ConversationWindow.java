package io.parley.domain.model;

import java.util.List;

/**
 * A conversation with its most recent messages, oldest first: what a prompt is built from. When the
 * read that found it also learned the newest reference-context version any instance wrote for the
 * conversation, {@code newestReferenceVersion} holds it (else -1), so that the agent context need
 * not ask again in the same request.
 */
public record ConversationWindow(
    Conversation conversation, List<Message> recentMessages, long newestReferenceVersion) {
  public ConversationWindow {
    recentMessages = List.copyOf(recentMessages);
  }

  public ConversationWindow(Conversation conversation, List<Message> recentMessages) {
    this(conversation, recentMessages, -1);
  }
}
