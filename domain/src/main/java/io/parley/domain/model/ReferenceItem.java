package io.parley.domain.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item of a shown list, at its 1-based position. {@code title} is what descriptions are matched
 * against first; {@code details} are the words of the item's {@code description} and of its {@code
 * attributes} values ("the galaxy phone" when the description says phone); {@code price} is its
 * {@code price} field when it has one (a number or a decimal string). {@code json} is the item
 * exactly as the client gave it (a JSON object), so fields Parley does not interpret come back
 * unchanged.
 */
public record ReferenceItem(
    int position, String id, String title, String json, String details, BigDecimal price) {
  public ReferenceItem {
    if (position < 1) {
      throw new IllegalArgumentException("positions start at 1");
    }
    Texts.require("items[].id", id, 200);
    Texts.require("items[].title", title, 500);
    Objects.requireNonNull(json, "json");
    details = details == null ? "" : details;
  }

  /** An item with nothing beyond its title to match. */
  public ReferenceItem(int position, String id, String title, String json) {
    this(position, id, title, json, "", null);
  }
}
