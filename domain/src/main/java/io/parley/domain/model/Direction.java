package io.parley.domain.model;

import java.util.Locale;

/** Whether a message came from the customer (in) or went to them (out). */
public enum Direction {
  IN,
  OUT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction parse(String field, String text) {
    return WireNames.parse(Direction.class, field, text);
  }
}
