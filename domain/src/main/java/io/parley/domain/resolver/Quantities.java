package io.parley.domain.resolver;

import java.util.List;
import java.util.Set;

/**
 * The quantity a clause says, taken out of it so that it is never read as a position: "4 of", "x2",
 * "2x", "2 pairs", "jozi 3", "a couple of", "tatu za pili", "2 kikoi".
 */
final class Quantities {
  private Quantities() {}

  /**
   * Takes the quantity out of {@code tokens} and returns it (null: none said): "4 of", "x2", "2x",
   * "2 pairs", "jozi 3", "tatu za pili".
   */
  static Integer take(List<String> tokens, Vocabulary vocabulary) {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      if (token.length() >= 2 && token.charAt(0) == 'x' && Tokens.isDigits(token.substring(1))) {
        tokens.remove(i);
        return Integer.parseInt(token.substring(1));
      }
      if ((token.equals("x") || token.equals("jozi") || token.equals("qty"))
          && count(next) != null) {
        Integer quantity = count(next);
        tokens.subList(i, i + 2).clear();
        return quantity;
      }
      if (token.equals("couple") && next.equals("of")) {
        tokens
            .subList(Math.max(0, i - (i > 0 && tokens.get(i - 1).equals("a") ? 1 : 0)), i + 2)
            .clear();
        return 2;
      }
      Integer counted = count(token);
      if (counted != null && counts(tokens, vocabulary, i)) {
        boolean unit = Words.QUANTITY_UNITS.contains(next) && !Words.CLASS_PREFIXES.contains(next);
        tokens.subList(i, unit ? i + 2 : i + 1).clear();
        return counted;
      }
    }
    return null;
  }

  /** Whether the number at {@code i} counts items rather than naming one. */
  private static boolean counts(List<String> tokens, Vocabulary vocabulary, int i) {
    String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
    String after = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
    boolean demonstrative = i > 0 && Words.DEMONSTRATIVES.contains(tokens.get(i - 1));
    if (i > 0 && Words.NUMBER_PREFIXES.contains(tokens.get(i - 1))) {
      return false; // "#1 x 2": the number after "#" is the position
    }
    if (Words.QUANTITY_UNITS.contains(next) && !next.equals("x")) {
      return !(next.equals("of") && (after.equals("them") || after.equals("all")));
    }
    if (next.equals("x")) {
      return true;
    }
    if (Set.of("za", "vya", "ya").contains(next)
        && (Words.SWAHILI_ORDINALS.containsKey(after)
            || Words.LAST.contains(after)
            || vocabulary.titleWords().contains(Tokens.stem(after)))) {
      return !demonstrative;
    }
    // "2 kikoi", "3 nokia": a small number before an item's word counts it.
    return Tokens.isDigits(tokens.get(i))
        && Integer.parseInt(tokens.get(i)) <= 20
        && vocabulary.titleWords().contains(Tokens.stem(next));
  }

  static Integer count(String token) {
    if (Tokens.isDigits(token)) {
      int value = Integer.parseInt(token);
      return value >= 1 && value <= 999 ? value : null;
    }
    return Words.CARDINALS.get(token);
  }
}
