package io.parley.domain.resolver;

import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.Resolution.MatchedBy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads what a short customer reply refers to in a shown list, in English, Swahili and Sheng.
 *
 * <p>The text is split into whole-word tokens, then read in this order: explicit positions ("#2",
 * "number 2", "the second one", "ya pili", "last", "second to last"); then descriptions matched
 * against item titles ("the red one"); then a bare number in a reply that says nothing else ("I
 * want 2"). An ordinal counts only where it points into the list: "wait a second", "last time",
 * "second hand" and "mara ya kwanza" are ordinary words.
 */
public final class ReferenceResolver {
  private static final int MAX_POSITION = 99;

  /** Resolves {@code text} against an active context. */
  public Resolution resolve(ReferenceContext context, String text) {
    List<String> tokens = Tokens.of(text == null ? "" : text);
    List<Target> explicit = PositionalReading.read(tokens, titleWords(context));
    if (!explicit.isEmpty()) {
      return byPosition(context, explicit);
    }
    Resolution byTitle = byTitle(context, tokens);
    if (byTitle != null) {
      return byTitle;
    }
    List<Target> bare = PositionalReading.bareNumbers(tokens);
    if (!bare.isEmpty()) {
      return byPosition(context, bare);
    }
    return new Resolution.NotAReference(context.id());
  }

  private static Resolution byPosition(ReferenceContext context, List<Target> targets) {
    int size = context.items().size();
    Set<Integer> positions = new LinkedHashSet<>();
    targets.forEach(t -> positions.add(t.position(size)));
    List<ReferenceItem> inRange = new ArrayList<>();
    for (int position : positions) {
      if (position >= 1 && position <= size) {
        inRange.add(context.items().get(position - 1));
      }
    }
    if (inRange.size() > 1) {
      return new Resolution.Ambiguous(context.id(), inRange);
    }
    if (inRange.size() == 1) {
      return new Resolution.Resolved(context.id(), inRange.get(0), targets.get(0).matchedBy());
    }
    return new Resolution.OutOfRange(context.id(), positions.iterator().next());
  }

  /** Items whose titles hold every descriptive word of the text; null when nothing describes. */
  private static Resolution byTitle(ReferenceContext context, List<String> tokens) {
    List<String> described = new ArrayList<>();
    boolean hasWord = false;
    for (String token : tokens) {
      if (!Words.FILLERS.contains(token)) {
        described.add(Tokens.stem(token));
        hasWord |= !Tokens.isDigits(token);
      }
    }
    if (!hasWord) {
      return null;
    }
    List<ReferenceItem> matches = new ArrayList<>();
    for (ReferenceItem item : context.items()) {
      Set<String> title = stems(item.title());
      if (title.containsAll(described)) {
        matches.add(item);
      }
    }
    if (matches.isEmpty()) {
      return null;
    }
    if (matches.size() == 1) {
      return new Resolution.Resolved(context.id(), matches.get(0), MatchedBy.TITLE);
    }
    return new Resolution.Ambiguous(context.id(), matches);
  }

  private static Set<String> titleWords(ReferenceContext context) {
    Set<String> words = new LinkedHashSet<>();
    context.items().forEach(item -> words.addAll(stems(item.title())));
    return words;
  }

  private static Set<String> stems(String text) {
    Set<String> stems = new LinkedHashSet<>();
    Tokens.of(text).forEach(token -> stems.add(Tokens.stem(token)));
    return stems;
  }

  /** A position counted from the start (1 = first) or from the end (1 = last). */
  record Target(int index, boolean fromEnd, MatchedBy matchedBy) {
    int position(int size) {
      return fromEnd ? size - index + 1 : index;
    }

    static Target fromStart(int index, MatchedBy matchedBy) {
      return new Target(index, false, matchedBy);
    }

    static Target fromEnd(int index) {
      return new Target(index, true, MatchedBy.RELATIVE);
    }

    static boolean plausible(OptionalInt value) {
      return value.isPresent() && value.getAsInt() >= 0 && value.getAsInt() <= MAX_POSITION;
    }
  }
}
