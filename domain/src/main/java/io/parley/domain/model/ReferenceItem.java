package io.parley.domain.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item of a shown list, at its 1-based position. {@code title} is what descriptions are matched
 * against first; {@code details} are the words of the item's {@code description} and of its {@code
 * attributes} values ("the galaxy phone" when the description says phone); {@code price} is its
 * {@code price} field when it has one (a number or a decimal string). {@code json} is the item
 * exactly as the client gave it (a JSON object), so fields Parley does not interpret come back
 * unchanged. {@code rowId} is the interactive list row or button id the item was shown with (null
 * when none), unique within its list: a tap on that row names this item.
 */
public record ReferenceItem(
    int position,
    String id,
    String title,
    String json,
    String details,
    BigDecimal price,
    String rowId) {
  /** The longest row id: WhatsApp's list row and reply button ids are at most 200 and 256. */
  public static final int MAX_ROW_ID = 256;

  public ReferenceItem {
    if (position < 1) {
      throw new IllegalArgumentException("positions start at 1");
    }
    Texts.require("items[].id", id, 200);
    Texts.require("items[].title", title, 500);
    Objects.requireNonNull(json, "json");
    details = details == null ? "" : details;
    if (rowId != null) {
      Texts.require("items[].rowId", rowId, MAX_ROW_ID);
    }
  }

  /** An item shown without a row id. */
  public ReferenceItem(
      int position, String id, String title, String json, String details, BigDecimal price) {
    this(position, id, title, json, details, price, null);
  }

  /** An item with nothing beyond its title to match. */
  public ReferenceItem(int position, String id, String title, String json) {
    this(position, id, title, json, "", null, null);
  }
}
