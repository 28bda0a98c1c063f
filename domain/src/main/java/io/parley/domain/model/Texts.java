package io.parley.domain.model;

/**
 * Checks on free text from clients. PostgreSQL text cannot hold NUL characters, and no Unicode text
 * holds an unpaired UTF-16 surrogate (JSON can escape one, {@code "\ud800x"}): stored, it could be
 * shown by no response.
 */
public final class Texts {
  private Texts() {}

  /**
   * Requires {@code value} (if present) to be at most {@code max} characters, free of NUL and of
   * unpaired surrogates.
   */
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
    requireWellFormed(field, value);
  }

  /**
   * Requires {@code value} to be present, not blank, at most {@code max} characters, NUL-free and
   * free of unpaired surrogates.
   */
  public static void require(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    requireOptional(field, value, max);
  }

  /**
   * Requires {@code value} (if present; any text, a JSON document's too) to hold no unpaired UTF-16
   * surrogate.
   */
  public static void requireWellFormed(String field, String value) {
    if (value != null && !wellFormed(value)) {
      throw new InvalidInputException(
          field, "must be valid Unicode text (it holds an unpaired UTF-16 surrogate)");
    }
  }

  /**
   * Requires a JSON document (if present) to be storable: without a NUL character, which JSON
   * writes as an escape (backslash, u0000) and PostgreSQL's jsonb refuses, and well-formed ({@link
   * #requireWellFormed}).
   */
  public static void requireStorableJson(String field, String json) {
    if (json == null) {
      return;
    }
    for (int at = json.indexOf("\\u0000"); at >= 0; at = json.indexOf("\\u0000", at + 1)) {
      int backslashes = 0;
      for (int i = at; i >= 0 && json.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      if (backslashes % 2 == 1) { // the escape itself, not an escaped backslash before "u0000"
        throw new InvalidInputException(field, "must not contain NUL characters");
      }
    }
    requireWellFormed(field, json);
  }

  /** Whether every surrogate in {@code value} is half of a high-low pair. */
  public static boolean wellFormed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
