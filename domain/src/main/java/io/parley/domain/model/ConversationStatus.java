package io.parley.domain.model;

import java.util.Locale;

/** Where a conversation stands; open, bot and handoff count as active. */
public enum ConversationStatus {
  OPEN,
  BOT,
  HANDOFF,
  CLOSED,
  DORMANT;

  public boolean isActive() {
    return this == OPEN || this == BOT || this == HANDOFF;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConversationStatus parse(String field, String text) {
    return WireNames.parse(ConversationStatus.class, field, text);
  }
}
