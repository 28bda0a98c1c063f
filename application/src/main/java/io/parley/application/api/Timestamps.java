package io.parley.application.api;

import io.parley.domain.model.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps in request bodies (any offset, read as the instant it names). */
final class Timestamps {
  private Timestamps() {}

  /** The instant, null for null; a 422 naming the field when it is not RFC 3339. */
  static Instant optional(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field, "must be an RFC 3339 timestamp such as 2026-11-27T20:22:33.123Z");
    }
  }

  /** The instant; a 422 naming the field when it is absent or not RFC 3339. */
  static Instant required(String field, String text) {
    if (text == null) {
      throw new InvalidInputException(field, "is required");
    }
    return optional(field, text);
  }
}
