package io.parley.domain.resolver;

import java.util.ArrayList;
import java.util.List;

/**
 * Amounts said in words become one number token: "elfu nne na mia tano" and "four thousand five
 * hundred" are 4500, "mia tatu" 300. Cardinals alone stay as they are (they may be positions).
 */
final class Amounts {
  private Amounts() {}

  static List<String> read(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    int i = 0;
    while (i < tokens.size()) {
      int[] amount = amountAt(tokens, i);
      if (amount[1] > i + 1) {
        out.add(Integer.toString(amount[0]));
        i = amount[1];
      } else {
        out.add(tokens.get(i));
        i++;
      }
    }
    return out;
  }

  /** {value, end}: the amount starting at {@code i} and the index after it (i + 1 if none). */
  private static int[] amountAt(List<String> tokens, int i) {
    int total = 0;
    int at = i;
    boolean scaled = false;
    while (at < tokens.size()) {
      int[] part = scaledPart(tokens, at);
      if (part == null) {
        break;
      }
      total += part[0];
      at = part[1];
      scaled = true;
      if (at < tokens.size() && (tokens.get(at).equals("na") || tokens.get(at).equals("and"))) {
        int[] next = scaledPart(tokens, at + 1);
        Integer small = at + 1 < tokens.size() ? cardinal(tokens.get(at + 1)) : null;
        if (next != null) {
          at++;
        } else if (small != null) {
          total += small;
          at += 2;
          break;
        } else {
          break;
        }
      }
    }
    return scaled ? new int[] {total, at} : new int[] {0, i + 1};
  }

  /** "elfu N", "mia N", "N thousand", "N hundred": {value, end}, or null. */
  private static int[] scaledPart(List<String> tokens, int i) {
    if (i + 1 >= tokens.size()) {
      return null;
    }
    String first = tokens.get(i);
    String second = tokens.get(i + 1);
    Integer after = cardinal(second);
    if (first.equals("elfu") && after != null) {
      return new int[] {after * 1000, i + 2};
    }
    if (first.equals("mia") && after != null) {
      return new int[] {after * 100, i + 2};
    }
    Integer before = cardinal(first);
    if (before != null && second.equals("thousand")) {
      return new int[] {before * 1000, i + 2};
    }
    if (before != null && second.equals("hundred")) {
      return new int[] {before * 100, i + 2};
    }
    return null;
  }

  private static Integer cardinal(String token) {
    if (Tokens.isDigits(token)) {
      return Integer.parseInt(token);
    }
    return Words.CARDINALS.get(token);
  }
}
