package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the resolver reads of a list item beyond its title (the same rule as the adapters'
 * ReferenceContextJson): the words of its {@code description}, of its {@code attributes} values,
 * and of {@code colour}, {@code color}, {@code size}, {@code brand} and {@code category}; and its
 * {@code price}, a number or a decimal string.
 */
final class ItemFacts {
  private static final List<String> DESCRIBING =
      List.of("description", "colour", "color", "size", "brand", "category");

  private ItemFacts() {}

  static String details(JsonNode item) {
    StringJoiner words = new StringJoiner(" ");
    for (String field : DESCRIBING) {
      JsonNode value = item.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        words.add((field.equals("size") ? "size " : "") + value.asText());
      }
    }
    JsonNode attributes = item.get("attributes");
    if (attributes != null && attributes.isObject()) {
      attributes
          .fields()
          .forEachRemaining(
              field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                  words.add(field.getKey() + " " + field.getValue().asText());
                }
              });
    }
    return words.toString();
  }

  static BigDecimal price(JsonNode item) {
    JsonNode price = item.get("price");
    if (price == null || price.isNull()) {
      return null;
    }
    if (price.isNumber()) {
      return price.decimalValue();
    }
    try {
      return price.isTextual() ? new BigDecimal(price.asText().trim()) : null;
    } catch (NumberFormatException notAPrice) {
      return null;
    }
  }
}
