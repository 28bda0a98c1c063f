package io.parley.domain.resolver;

import java.util.ArrayList;
import java.util.List;

/**
 * "both", "zote mbili": every item of a two-item list when said alone ("nataka zote mbili"), or the
 * word that introduces the items a reply then lists ("both the adidas and the puma", "zote mbili,
 * ya kwanza na ya tatu"), where each listed part must name an item ("both are nice and cheap" names
 * none).
 */
final class Both {
  private Both() {}

  /** "zote mbili", "mbili zote", "vyote viwili"... as the one word "both". */
  static List<String> normalized(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      if (next.equals(Words.SWAHILI_BOTH.get(token))
          || token.equals(Words.SWAHILI_BOTH.get(next))) {
        out.add("both");
        i++;
      } else {
        out.add(token);
      }
    }
    return out;
  }

  /**
   * The reply without its introducing "both" ("both of", "both,"), when a joining word follows it:
   * "both 2 and 4" lists 2 and 4; null when the reply is not such a list.
   */
  static List<String> listed(List<String> tokens) {
    int both = tokens.indexOf("both");
    if (both < 0 || tokens.subList(both + 1, tokens.size()).stream().noneMatch(Both::joins)) {
      return null;
    }
    int end = both + 1;
    while (end < tokens.size() && (tokens.get(end).equals("of") || tokens.get(end).equals(","))) {
      end++;
    }
    List<String> out = new ArrayList<>(tokens.subList(0, both));
    out.addAll(tokens.subList(end, tokens.size()));
    return out;
  }

  private static boolean joins(String token) {
    return Words.JOINERS.contains(token) && !token.equals("but");
  }
}
