package io.parley.domain.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Splits text into lowercase word tokens: letters and digits, "#" on its own, keycap emoji as their
 * digit, punctuation dropped. Words are then compared whole, never as substrings.
 */
final class Tokens {
  private Tokens() {}

  static List<String> of(String text) {
    String normalized =
        text.toLowerCase(Locale.ROOT)
            .replace("\uD83D\uDD1F", " 10 ") // keycap ten
            .replace("\u20E3", " ") // combining enclosing keycap: "2️⃣" -> "2"
            .replace("\uFE0F", "")
            .replace("'", "")
            .replace("\u2019", "");
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < normalized.length(); ) {
      int c = normalized.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        if (current.length() > 0 && startsNewToken(current, c)) {
          tokens.add(current.toString());
          current.setLength(0);
        }
        current.appendCodePoint(c);
      } else {
        flush(current, tokens);
        if (c == '#') {
          tokens.add("#");
        }
      }
    }
    flush(current, tokens);
    return tokens;
  }

  /** "item2" -> item, 2 and "3pm" -> 3, pm; but "2nd" and "10th" stay whole. */
  private static boolean startsNewToken(StringBuilder current, int next) {
    char last = current.charAt(current.length() - 1);
    boolean letterAfterDigit = Character.isDigit(last) && Character.isLetter(next);
    boolean digitAfterLetter = Character.isLetter(last) && Character.isDigit(next);
    if (letterAfterDigit) {
      return !isDigits(current.toString());
    }
    return digitAfterLetter;
  }

  private static void flush(StringBuilder current, List<String> tokens) {
    if (current.length() > 0) {
      tokens.add(splitOrdinalSuffix(current.toString(), tokens));
      current.setLength(0);
    }
  }

  /** Keeps "2nd" whole; splits digits followed by other letters ("3pm" -> 3, pm). */
  private static String splitOrdinalSuffix(String token, List<String> tokens) {
    int firstLetter = 0;
    while (firstLetter < token.length() && Character.isDigit(token.charAt(firstLetter))) {
      firstLetter++;
    }
    if (firstLetter == 0 || firstLetter == token.length() || ordinalFigure(token).isPresent()) {
      return token;
    }
    tokens.add(token.substring(0, firstLetter));
    return token.substring(firstLetter);
  }

  static boolean isDigits(String token) {
    if (token.isEmpty() || token.length() > 9) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i)) || token.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of a figure ordinal: 1st, 2nd, 3rd, 4th, 21st... */
  static OptionalInt ordinalFigure(String token) {
    if (token.length() < 3) {
      return OptionalInt.empty();
    }
    String digits = token.substring(0, token.length() - 2);
    String suffix = token.substring(token.length() - 2);
    if (!isDigits(digits) || !List.of("st", "nd", "rd", "th").contains(suffix)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(digits));
  }

  /** A token's word stem for matching: plural "s" dropped, Swahili colours as English. */
  static String stem(String token) {
    String word = Words.SYNONYMS.getOrDefault(token, token);
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
