package io.parley.domain.model;

import java.util.List;

/** A conversation with its most recent messages, oldest first: what a prompt is built from. */
public record ConversationWindow(Conversation conversation, List<Message> recentMessages) {
  public ConversationWindow {
    recentMessages = List.copyOf(recentMessages);
  }
}
