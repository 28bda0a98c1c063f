package io.parley.domain.model;

/** Checks on free text from clients; PostgreSQL text cannot hold NUL characters. */
public final class Texts {
  private Texts() {}

  /** Requires {@code value} (if present) to be at most {@code max} characters and free of NUL. */
  public static void requireOptional(String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      throw new InvalidInputException(field, "must be at most " + max + " characters");
    }
    if (value.indexOf('\0') >= 0) {
      throw new InvalidInputException(field, "must not contain NUL characters");
    }
  }

  /** Requires {@code value} to be present, not blank, at most {@code max} characters, NUL-free. */
  public static void require(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    requireOptional(field, value, max);
  }
}
