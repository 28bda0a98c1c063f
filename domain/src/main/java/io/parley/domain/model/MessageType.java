package io.parley.domain.model;

import java.util.Locale;

/** What kind of message this is; system messages are hidden from history unless asked for. */
public enum MessageType {
  CUSTOMER_INBOUND,
  BOT_RESPONSE,
  AUTOMATED_TRANSACTIONAL,
  AUTOMATED_REMINDER,
  AUTOMATED_REENGAGEMENT,
  SCHEDULED_PROMOTIONAL,
  MANUAL_OUTBOUND,
  SYSTEM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MessageType parse(String field, String text) {
    return WireNames.parse(MessageType.class, field, text);
  }
}
