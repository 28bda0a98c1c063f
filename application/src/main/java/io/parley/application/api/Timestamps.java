package io.parley.application.api;

import io.parley.domain.model.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps in request bodies (any offset, read as the instant it names). RFC 3339 has
 * four-digit years only: java.time also reads "+300000-01-01T00:00:00Z" or "-4714-...", which
 * PostgreSQL cannot store (or stores as infinity), so those are refused here like any other text
 * that is not RFC 3339.
 */
final class Timestamps {
  private Timestamps() {}

  /** The instant, null for null; a 422 naming the field when it is not RFC 3339. */
  static Instant optional(String field, String text) {
    if (text == null) {
      return null;
    }
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw notRfc3339(field);
    }
    if (parsed.getYear() < 0 || parsed.getYear() > 9999) {
      throw notRfc3339(field);
    }
    return parsed.toInstant();
  }

  private static InvalidInputException notRfc3339(String field) {
    return new InvalidInputException(
        field, "must be an RFC 3339 timestamp such as 2026-11-27T20:22:33.123Z");
  }

  /** The instant; a 422 naming the field when it is absent or not RFC 3339. */
  static Instant required(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, "is required");
    }
    return optional(field, text);
  }
}
