package io.parley.domain.model;

import java.util.Locale;

/** What a numbered list the bot showed was made of. */
public enum ListType {
  PRODUCTS,
  SERVICES,
  APPOINTMENTS,
  ORDERS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ListType parse(String field, String text) {
    return WireNames.parse(ListType.class, field, text);
  }
}
