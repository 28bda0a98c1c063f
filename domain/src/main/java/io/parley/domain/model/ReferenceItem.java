package io.parley.domain.model;

import java.util.Objects;

/**
 * One item of a shown list, at its 1-based position. {@code title} is what descriptions are matched
 * against; {@code json} is the item exactly as the client gave it (a JSON object), so fields Parley
 * does not interpret (price, currency, ...) come back unchanged.
 */
public record ReferenceItem(int position, String id, String title, String json) {
  public ReferenceItem {
    if (position < 1) {
      throw new IllegalArgumentException("positions start at 1");
    }
    Texts.require("items[].id", id, 200);
    Texts.require("items[].title", title, 500);
    Objects.requireNonNull(json, "json");
  }
}
