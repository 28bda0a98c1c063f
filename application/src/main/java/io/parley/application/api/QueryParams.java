package io.parley.application.api;

import io.parley.application.http.Errors;
import io.parley.domain.model.InvalidInputException;
import java.util.function.BiFunction;

/**
 * Strict query parameters: a value that does not parse or lies outside its documented range is a
 * 400 naming the parameter, never clamped or silently defaulted.
 */
final class QueryParams {
  private QueryParams() {}

  static int intIn(String name, String raw, int min, int max, int absent) {
    if (raw == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message
    }
    throw Errors.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  /** An optional positive whole number; 0 when absent. */
  static long positiveLong(String name, String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message
    }
    throw Errors.badRequest(name + " must be a positive whole number");
  }

  static boolean bool(String name, String raw, boolean absent) {
    if (raw == null) {
      return absent;
    }
    return switch (raw) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Errors.badRequest(name + " must be true or false");
    };
  }

  /** Parses an enum-like value with the domain's parser, reporting failure as a 400. */
  static <T> T optional(String name, String raw, BiFunction<String, String, T> parser) {
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(name, raw);
    } catch (InvalidInputException e) {
      throw Errors.badRequest(e.getMessage());
    }
  }
}
