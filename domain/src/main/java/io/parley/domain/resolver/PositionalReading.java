package io.parley.domain.resolver;

import io.parley.domain.model.Resolution.MatchedBy;
import io.parley.domain.resolver.ReferenceResolver.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Finds the positions a token list names explicitly, and bare numbers in otherwise empty replies.
 */
final class PositionalReading {
  private final List<String> tokens;
  private final Set<String> titleWords;
  private final List<Target> targets = new ArrayList<>();

  private PositionalReading(List<String> tokens, Set<String> titleWords) {
    this.tokens = tokens;
    this.titleWords = titleWords;
  }

  /** Positions named explicitly: prefixed numbers, ordinals, Swahili ordinals, last-relative. */
  static List<Target> read(List<String> tokens, Set<String> titleWords) {
    PositionalReading reading = new PositionalReading(tokens, titleWords);
    int i = 0;
    while (i < tokens.size()) {
      i += reading.readAt(i);
    }
    return reading.targets;
  }

  /**
   * Numbers ("2", "two", "mbili") in a reply whose other words are all fillers: "I want 2", "nataka
   * 2", "2 please". Anything else ("2 minutes", "I have 2 kids") is not a reference, nor is the
   * "one" of "this one".
   */
  static List<Target> bareNumbers(List<String> tokens) {
    List<Target> numbers = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.equals("one") && i > 0 && Words.POINTING.contains(tokens.get(i - 1))) {
        continue; // "this one", "that one": a pronoun, not item 1
      }
      OptionalInt number = number(token);
      if (number.isPresent() && number.getAsInt() > ReferenceResolver.MAX_BARE_POSITION) {
        return List.of(); // an amount ("4500"), not a position
      }
      if (Target.plausible(number)) {
        numbers.add(Target.fromStart(number.getAsInt(), MatchedBy.NUMBER));
      } else if (Words.LAST.contains(token) && tokens.size() <= 2) {
        numbers.add(Target.fromEnd(1));
      } else if (!Words.FILLERS.contains(token)) {
        return List.of();
      }
    }
    return numbers;
  }

  /** Reads a reference starting at token {@code i}; returns how many tokens it consumed. */
  private int readAt(int i) {
    int consumed = fromEndPhrase(i);
    if (consumed > 0) {
      return consumed;
    }
    String token = tokens.get(i);
    if (i > 0 && Words.ADDRESS_NOUNS.contains(tokens.get(i - 1))) {
      return 2; // "house number 45": an address, not a position
    }
    if (Words.NUMBER_PREFIXES.contains(token) && i + 1 < tokens.size()) {
      OptionalInt number = number(tokens.get(i + 1));
      if (number.isEmpty()) {
        number = Tokens.ordinalFigure(tokens.get(i + 1));
      }
      if (Target.plausible(number)) {
        targets.add(Target.fromStart(number.getAsInt(), MatchedBy.NUMBER));
        return 2;
      }
    }
    if (Words.CLASS_PREFIXES.contains(token) && i + 1 < tokens.size() && !afterTimeNoun(i)) {
      String next = tokens.get(i + 1);
      if (Words.LAST.contains(next)) {
        targets.add(Target.fromEnd(1));
        return 2;
      }
      OptionalInt ordinal = anyOrdinal(next, true);
      if (Target.plausible(ordinal)) {
        targets.add(Target.fromStart(ordinal.getAsInt(), MatchedBy.ORDINAL));
        return 2;
      }
    }
    OptionalInt ordinal = anyOrdinal(token, false);
    if (Target.plausible(ordinal) && pointsIntoList(i)) {
      targets.add(Target.fromStart(ordinal.getAsInt(), MatchedBy.ORDINAL));
      return 1;
    }
    if (token.equals("last") && pointsIntoList(i)) {
      targets.add(Target.fromEnd(1));
      return 1;
    }
    return 1;
  }

  /**
   * "second to last", "second last", "2nd from the end", "the second one from the bottom", "2 from
   * the end", "last but one", "last but two", "penultimate", "the one before (the) last", "ya pili
   * kutoka mwisho", "ya tatu toka chini", "kabla ya mwisho". A count from the end of something else
   * ("the second from the end of the month", "ya pili kutoka mwisho wa mwezi") is read whole and
   * names nothing.
   */
  private int fromEndPhrase(int i) {
    if (matches(i, "penultimate")) {
      targets.add(Target.fromEnd(2));
      return 1;
    }
    if (matches(i, "last", "but") && i + 2 < tokens.size()) {
      OptionalInt skipped = number(tokens.get(i + 2));
      if (Target.plausible(skipped) && skipped.getAsInt() >= 1) {
        targets.add(Target.fromEnd(skipped.getAsInt() + 1));
        return 3;
      }
    }
    if (matches(i, "before", "last") || matches(i, "before", "the", "last")) {
      int after = i + (tokens.get(i + 1).equals("the") ? 3 : 2);
      targets.add(Target.fromEnd(2));
      return (matches(after, "one") ? after + 1 : after) - i;
    }
    if (matches(i, "kabla", "ya", "mwisho")) {
      targets.add(Target.fromEnd(2));
      return 3;
    }
    return countFromEnd(i);
  }

  /** "second to last", "2 from the end", "ya pili kutoka mwisho": a count, then the end. */
  private int countFromEnd(int i) {
    String token = tokens.get(i);
    boolean prefix = Words.CLASS_PREFIXES.contains(token);
    int start = prefix || Words.NUMBER_PREFIXES.contains(token) ? i + 1 : i;
    if (start >= tokens.size()) {
      return 0;
    }
    OptionalInt ordinal = anyOrdinal(tokens.get(start), prefix);
    boolean counted = ordinal.isPresent();
    if (!counted) {
      ordinal = number(tokens.get(start));
    }
    if (!Target.plausible(ordinal) || ordinal.getAsInt() < 1) {
      return 0;
    }
    int after = start + 1;
    if (counted && matches(after, "one")) {
      after++; // "the second one from the end"
    }
    int end = endAfter(after, counted);
    if (end < 0) {
      return 0;
    }
    int list = ofTheList(end);
    if (list == end && (matches(end, "of") || matches(end, "wa"))) {
      return end - i; // "from the end of the month": the whole phrase, naming no item
    }
    targets.add(Target.fromEnd(ordinal.getAsInt()));
    return list - i;
  }

  /** Past "of the list", "of the options", "wa orodha" at {@code i}; {@code i} when not there. */
  private int ofTheList(int i) {
    int at = matches(i, "of") || matches(i, "wa") ? i + 1 : i;
    if (at == i) {
      return i;
    }
    at = matches(at, "the") ? at + 1 : at;
    return at < tokens.size() && Words.LIST_NOUNS.contains(tokens.get(at)) ? at + 1 : i;
  }

  /**
   * Where the words saying "from the end" that start at {@code after} stop; -1 when they are not
   * there. A bare number counts from the end only with "from": "2 from the end", not "2 last".
   */
  private int endAfter(int after, boolean ordinal) {
    boolean end = after + 1 < tokens.size() && Words.END_WORDS.contains(tokens.get(after + 1));
    boolean theEnd = after + 2 < tokens.size() && Words.END_WORDS.contains(tokens.get(after + 2));
    if (matches(after, "from", "the") && (theEnd || matches(after + 2, "last"))) {
      return after + 3;
    }
    if (matches(after, "from") && (end || matches(after + 1, "last"))) {
      return after + 2;
    }
    if ((matches(after, "kutoka") || matches(after, "toka"))
        && after + 1 < tokens.size()
        && Words.SWAHILI_END_WORDS.contains(tokens.get(after + 1))) {
      return after + 2;
    }
    if (!ordinal) {
      return -1;
    }
    if (matches(after, "to", "last")) {
      return after + 2;
    }
    if (matches(after, "to", "the", "last")) {
      return after + 3;
    }
    if (matches(after, "last") && !followedByOrdinaryWord(after)) {
      return after + 1;
    }
    return -1;
  }

  /** An ordinal word or figure; Swahili stems count only after a class prefix. */
  private static OptionalInt anyOrdinal(String token, boolean afterClassPrefix) {
    Integer english = Words.ENGLISH_ORDINALS.get(token);
    if (english != null) {
      return OptionalInt.of(english);
    }
    OptionalInt figure = Tokens.ordinalFigure(token);
    if (figure.isPresent()) {
      return figure;
    }
    Integer swahili = afterClassPrefix ? Words.SWAHILI_ORDINALS.get(token) : null;
    return swahili == null ? OptionalInt.empty() : OptionalInt.of(swahili);
  }

  private static OptionalInt number(String token) {
    if (Tokens.isDigits(token)) {
      return OptionalInt.of(Integer.parseInt(token));
    }
    Integer word = Words.CARDINALS.get(token);
    return word == null ? OptionalInt.empty() : OptionalInt.of(word);
  }

  /**
   * An ordinal at {@code i} points into the list unless its neighbours make it an ordinary word.
   */
  private boolean pointsIntoList(int i) {
    if (i > 0 && Words.ORDINAL_BLOCKERS.contains(tokens.get(i - 1))) {
      return false;
    }
    return !followedByOrdinaryWord(i);
  }

  private boolean followedByOrdinaryWord(int i) {
    if (i + 1 >= tokens.size()) {
      return false;
    }
    String next = tokens.get(i + 1);
    return !Words.REFERENCE_FOLLOWERS.contains(next) && !titleWords.contains(Tokens.stem(next));
  }

  /** "mara ya kwanza" (the first time), "siku ya mwisho" (the last day): not list positions. */
  private boolean afterTimeNoun(int prefix) {
    int before = prefix - 1;
    if (before >= 0 && Words.DEMONSTRATIVES.contains(tokens.get(before))) {
      before--;
    }
    return before >= 0 && Words.TIME_NOUNS.contains(tokens.get(before));
  }

  private boolean matches(int i, String... words) {
    if (i + words.length > tokens.size()) {
      return false;
    }
    for (int k = 0; k < words.length; k++) {
      if (!tokens.get(i + k).equals(words[k])) {
        return false;
      }
    }
    return true;
  }
}
