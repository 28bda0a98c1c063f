package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.domain.model.InvalidInputException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The items of a batch body (messages, statuses), read one by one so that each gets its own result,
 * as strictly as the API reads whole bodies: an unknown field or a value of the wrong type is a 422
 * naming it ({@code at} is the item's place, e.g. {@code statuses[3]}), never dropped or coerced.
 */
final class JsonItems {
  private JsonItems() {}

  static void onlyKnown(JsonNode object, String at, Set<String> known) {
    object
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                throw new InvalidInputException(
                    at + "." + name, "is not a known field (known: " + new TreeSet<>(known) + ")");
              }
            });
  }

  /** The field's string; null when absent or null. */
  static String text(JsonNode object, String field, String at) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(at + "." + field, "must be a string");
    }
    return value.textValue();
  }
}
