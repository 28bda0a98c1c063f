package io.parley.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the lowercase wire names of the domain's enums, naming the field on failure. */
final class WireNames {
  private WireNames() {}

  static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
    if (text != null) {
      for (E value : type.getEnumConstants()) {
        if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
          return value;
        }
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(v -> v.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new InvalidInputException(field, "must be one of " + allowed);
  }
}
