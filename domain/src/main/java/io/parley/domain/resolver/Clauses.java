package io.parley.domain.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A reply cut into clauses at the words that join a list ("2 and 5", "ya pili na ya tano", "1, 3")
 * or offer alternatives ("4 or 5"), after two rewrites that must see the whole reply: "anything but
 * X" becomes "except X", and "after the second", "before the fourth", "between the second and the
 * fourth" become positions of their own ("@3").
 */
final class Clauses {
  /** One clause's tokens, and whether an alternative word ("or", "au") came before it. */
  record Clause(List<String> tokens, boolean alternative) {}

  /** Words after which "na" means "with": "niko na ile ya pili". */
  private static final Set<String> WITH_BEFORE_NA = Set.of("niko", "nko", "nikona");

  private Clauses() {}

  static List<Clause> of(List<String> tokens) {
    List<String> rewritten = relativePositions(exceptPhrases(tokens));
    List<Clause> clauses = new ArrayList<>();
    List<String> current = new ArrayList<>();
    boolean alternative = false;
    boolean nextIsAlternative = false;
    for (int i = 0; i < rewritten.size(); i++) {
      String token = rewritten.get(i);
      boolean joins =
          Words.JOINERS.contains(token)
              && !(token.equals("na") && afterWith(rewritten, i))
              && !(token.equals("but") && lastButSome(rewritten, i));
      if (joins || Words.ALTERNATIVES.contains(token)) {
        if (!current.isEmpty()) {
          clauses.add(new Clause(current, alternative));
          current = new ArrayList<>();
          alternative = false;
        }
        nextIsAlternative |= Words.ALTERNATIVES.contains(token);
        continue;
      }
      if (current.isEmpty()) {
        alternative = nextIsAlternative;
        nextIsAlternative = false;
      }
      current.add(token);
    }
    if (!current.isEmpty()) {
      clauses.add(new Clause(current, alternative));
    }
    return clauses;
  }

  /** "last but one", "the last but two": "but" counts from the end, it joins nothing. */
  private static boolean lastButSome(List<String> tokens, int i) {
    String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
    return next.equals("one")
        || (i > 0 && Words.LAST.contains(tokens.get(i - 1)) && Quantities.count(next) != null);
  }

  /** "niko na ile ya pili": "na" after "niko" is "with", not "and". */
  private static boolean afterWith(List<String> tokens, int i) {
    return i > 0 && WITH_BEFORE_NA.contains(tokens.get(i - 1));
  }

  /**
   * "anything but the jacket", "chochote isipokuwa X": a refusal of what follows; "everything
   * except X", "all but X", "zote isipokuwa X": every item, then the refusal.
   */
  private static List<String> exceptPhrases(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      boolean refusal = token.equals("but") || Words.NEGATORS.contains(token);
      String before = i > 0 ? tokens.get(i - 1) : "";
      if (refusal && (Words.ANYTHING.contains(before) || Words.ALL.contains(before))) {
        out.remove(out.size() - 1);
        if (Words.ALL.contains(before)) {
          out.add("all");
          out.add(",");
        }
        out.add("except");
        continue;
      }
      out.add(token);
    }
    return out;
  }

  /**
   * "after the 2nd" -> "@3", "before the fourth" -> "@3", "between the 2nd and the 5th" -> "@3
   * or @4".
   */
  private static List<String> relativePositions(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    int i = 0;
    while (i < tokens.size()) {
      String token = tokens.get(i);
      int[] first = ordinalAfter(tokens, i + 1);
      if ((token.equals("after") || token.equals("baada")) && first != null) {
        out.add("@" + (first[0] + 1));
        i = first[1];
      } else if (token.equals("before") && first != null) {
        out.add("@" + (first[0] - 1));
        i = first[1];
      } else if (token.equals("between") && (first != null || digitAfter(tokens, i + 1) != null)) {
        first = first != null ? first : digitAfter(tokens, i + 1);
        int and = first[1];
        boolean joined =
            and < tokens.size() && (tokens.get(and).equals("and") || tokens.get(and).equals("na"));
        int[] second = joined ? ordinalAfter(tokens, and + 1) : null;
        second = second == null && joined ? digitAfter(tokens, and + 1) : second;
        if (second == null) {
          out.add(token);
          i++;
          continue;
        }
        int low = Math.min(first[0], second[0]);
        int high = Math.max(first[0], second[0]);
        for (int position = low + 1; position < high; position++) {
          if (position > low + 1) {
            out.add("or");
          }
          out.add("@" + position);
        }
        i = second[1];
      } else {
        out.add(token);
        i++;
      }
    }
    return out;
  }

  /** {position, end} of "the second", "2nd", "ya pili", "number 2" from {@code i}; or null. */
  private static int[] ordinalAfter(List<String> tokens, int i) {
    int at = i;
    while (at < tokens.size() && Set.of("the", "ile", "hiyo").contains(tokens.get(at))) {
      at++;
    }
    if (at >= tokens.size()) {
      return null;
    }
    String token = tokens.get(at);
    if (Words.CLASS_PREFIXES.contains(token) && at + 1 < tokens.size()) {
      Integer swahili = Words.SWAHILI_ORDINALS.get(tokens.get(at + 1));
      return swahili == null ? null : new int[] {swahili, at + 2};
    }
    if (Words.NUMBER_PREFIXES.contains(token) && at + 1 < tokens.size()) {
      String next = tokens.get(at + 1);
      return Tokens.isDigits(next) ? new int[] {Integer.parseInt(next), at + 2} : null;
    }
    Integer english = Words.ENGLISH_ORDINALS.get(token);
    if (english != null) {
      return new int[] {english, skipOne(tokens, at + 1)};
    }
    var figure = Tokens.ordinalFigure(token);
    return figure.isPresent() ? new int[] {figure.getAsInt(), skipOne(tokens, at + 1)} : null;
  }

  /** A plain number, in "between 1 and 4" only: {position, end}, or null. */
  private static int[] digitAfter(List<String> tokens, int i) {
    return i < tokens.size() && Tokens.isDigits(tokens.get(i))
        ? new int[] {Integer.parseInt(tokens.get(i)), i + 1}
        : null;
  }

  private static int skipOne(List<String> tokens, int i) {
    return i < tokens.size() && tokens.get(i).equals("one") ? i + 1 : i;
  }
}
