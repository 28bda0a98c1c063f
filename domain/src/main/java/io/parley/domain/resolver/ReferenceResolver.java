package io.parley.domain.resolver;

import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.Resolution.MatchedBy;
import io.parley.domain.model.Resolution.Selection;
import io.parley.domain.resolver.ClauseReading.Reading;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reads what a short customer reply refers to in a shown list, in English, Swahili and Sheng.
 *
 * <p>The text is split into whole-word tokens (amounts said in words become numbers, slips of the
 * keyboard on ordinals are mended), then into clauses at the words that join a list ("and", ",",
 * "na") or offer alternatives ("or", "au"). Each clause names items: by explicit position ("#2",
 * "the second one", "ya pili", "second to last", "the one after the second", "the middle one"), by
 * range ("the first three", "zote"), by description against titles and then descriptions and
 * attributes ("the red one", "the galaxy phone"), or by price ("the cheapest", "the 4500 one"); it
 * may count them ("4 of number 1", "tatu za pili", "x2") or refuse them ("not the second", "sitaki
 * ya kwanza"). An ordinal counts only where it points into the list: "wait a second", "last time",
 * "second hand" and "mara ya kwanza" are ordinary words, and a number is never both a position and
 * a quantity.
 */
public final class ReferenceResolver {
  /** The largest explicit position read ("#150" is out of range, not ignored). */
  static final int MAX_POSITION = 999;

  /** A bare number above this is an amount ("4500"), not a position. */
  static final int MAX_BARE_POSITION = 99;

  private static final Map<String, Integer> ORDINAL_WORDS = Words.ENGLISH_ORDINALS;

  /**
   * The vocabularies of lists resolved lately, by the identity of their (immutable) item list: a
   * warm reference context is the same object from one request to the next, and its words were a
   * fifth of the resolver's work. Only ever consulted with that same list, so it never answers for
   * another. A slot holds the words of the last list that hashed there (its stems by position, not
   * the items) and the list only weakly; lists of more than {@link #REMEMBERED_ITEMS} items are not
   * remembered, so all of it stays small.
   */
  private final AtomicReferenceArray<Remembered> vocabularies = new AtomicReferenceArray<>(256);

  static final int REMEMBERED_ITEMS = 20;

  private record Remembered(WeakReference<List<ReferenceItem>> items, Vocabulary vocabulary) {}

  private Vocabulary vocabularyOf(List<ReferenceItem> items) {
    if (items.size() > REMEMBERED_ITEMS) {
      return new Vocabulary(items);
    }
    int slot = System.identityHashCode(items) & (vocabularies.length() - 1);
    Remembered remembered = vocabularies.get(slot);
    if (remembered != null && remembered.items().get() == items) {
      return remembered.vocabulary();
    }
    Vocabulary vocabulary = new Vocabulary(items);
    vocabularies.set(slot, new Remembered(new WeakReference<>(items), vocabulary));
    return vocabulary;
  }

  /** Resolves {@code text} against an active context. */
  public Resolution resolve(ReferenceContext context, String text) {
    List<ReferenceItem> items = context.items();
    Vocabulary vocabulary = vocabularyOf(items);
    List<String> tokens =
        Both.normalized(
            Amounts.read(mendOrdinals(Tokens.of(text == null ? "" : text), vocabulary)));
    if (items.size() == 1 && onlyPointing(tokens)) {
      return new Resolution.Resolved(context.id(), items.get(0), MatchedBy.RELATIVE);
    }
    List<String> listed = Both.listed(tokens);
    boolean both = listed != null;
    List<Reading> chosen = new ArrayList<>();
    Set<ReferenceItem> refused = new LinkedHashSet<>();
    boolean alternatives = false;
    boolean dead = false;
    boolean anyDead = false;
    for (Clauses.Clause clause : Clauses.of(both ? listed : tokens)) {
      Reading reading = ClauseReading.read(items, vocabulary, clause.tokens());
      anyDead |= reading.dead();
      alternatives |= clause.alternative();
      if (reading.negated()) {
        refused.addAll(reading.items());
      } else if (reading.namesSomething()) {
        chosen.add(reading);
      } else {
        dead |= reading.dead();
      }
    }
    if ((alternatives || both) && anyDead) {
      // "one or two things", "both are nice and cheap": not every item said names one
      return notAReference(context);
    }
    return decide(context, chosen, refused, alternatives, dead && chosen.isEmpty());
  }

  private static Resolution decide(
      ReferenceContext context,
      List<Reading> chosen,
      Set<ReferenceItem> refused,
      boolean alternatives,
      boolean dead) {
    for (Reading reading : chosen) {
      if (reading.outOfRange() != null) {
        return new Resolution.OutOfRange(context.id(), reading.outOfRange());
      }
    }
    if (chosen.isEmpty()) {
      return refused.isEmpty() || dead ? notAReference(context) : whatRemains(context, refused);
    }
    List<ReferenceItem> candidates = new ArrayList<>();
    boolean ambiguous = alternatives;
    List<Selection> selections = new ArrayList<>();
    for (Reading reading : chosen) {
      List<ReferenceItem> kept =
          reading.items().stream().filter(item -> !refused.contains(item)).toList();
      candidates.addAll(kept);
      ambiguous |= reading.ambiguous() && kept.size() > 1;
      if (!reading.ambiguous() || kept.size() == 1) {
        kept.forEach(item -> selections.add(new Selection(item, reading.quantity())));
      }
    }
    List<ReferenceItem> distinct = List.copyOf(new LinkedHashSet<>(candidates));
    if (distinct.isEmpty()) {
      return notAReference(context);
    }
    if (ambiguous) {
      return distinct.size() == 1
          ? new Resolution.Resolved(context.id(), distinct.get(0), chosen.get(0).matchedBy())
          : new Resolution.Ambiguous(context.id(), distinct);
    }
    List<Selection> once = distinctItems(selections);
    MatchedBy by = once.size() > 1 ? MatchedBy.SEVERAL : chosen.get(0).matchedBy();
    return new Resolution.Resolved(context.id(), once, by);
  }

  /** "not the second": the one item left, or the items left to choose from. */
  private static Resolution whatRemains(ReferenceContext context, Set<ReferenceItem> refused) {
    List<ReferenceItem> remaining =
        context.items().stream().filter(item -> !refused.contains(item)).toList();
    if (remaining.isEmpty()) {
      return notAReference(context);
    }
    if (remaining.size() == 1) {
      return new Resolution.Resolved(context.id(), remaining.get(0), MatchedBy.NEGATION);
    }
    return new Resolution.Ambiguous(context.id(), remaining);
  }

  /** "this one", "nataka hii", "that one please": a pointing word, the rest fillers. */
  private static boolean onlyPointing(List<String> tokens) {
    return tokens.stream().anyMatch(Words.POINTING::contains)
        && tokens.stream().allMatch(Words.FILLERS::contains);
  }

  private static List<Selection> distinctItems(List<Selection> selections) {
    List<Selection> once = new ArrayList<>();
    Set<ReferenceItem> seen = new LinkedHashSet<>();
    for (Selection selection : selections) {
      if (seen.add(selection.item())) {
        once.add(selection);
      }
    }
    return once;
  }

  private static Resolution notAReference(ReferenceContext context) {
    return new Resolution.NotAReference(context.id());
  }

  /**
   * "seccond", "fisrt", "thirdd", "ya tatuu": a word one slip from an ordinal (five letters or
   * more, English; four or more after a Swahili class prefix) becomes it, unless it is a word of
   * its own ("seconds", "fifty") or of an item. Words of four letters and fewer are mended only for
   * two neighbouring letters swapped ("lsat", "2dn", "ya plii", "ya nen"): any other slip of a
   * short word is usually another word ("fist", "lost", "list", "ya nani" is "whose").
   */
  private static List<String> mendOrdinals(List<String> tokens, Vocabulary vocabulary) {
    List<String> mended = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      boolean known =
          ORDINAL_WORDS.containsKey(token)
              || Words.NOT_TYPOS.contains(token)
              || Words.FILLERS.contains(token)
              || Words.CARDINALS.containsKey(token)
              || vocabulary.titleWords().contains(Tokens.stem(token));
      String fix = known ? token : nearest(token, i > 0 ? tokens.get(i - 1) : "");
      mended.add(fix);
    }
    return mended;
  }

  private static String nearest(String token, String previous) {
    boolean afterPrefix = Words.CLASS_PREFIXES.contains(previous);
    if (token.length() <= 4) {
      return swapMended(token, afterPrefix);
    }
    for (String ordinal : ORDINAL_WORDS.keySet()) {
      if (Tokens.nearlyEqual(token, ordinal)) {
        return ordinal;
      }
    }
    if (afterPrefix) {
      for (String stem : Words.SWAHILI_ORDINALS.keySet()) {
        if (stem.length() >= 4 && Tokens.nearlyEqual(token, stem)) {
          return stem;
        }
      }
    }
    return token;
  }

  /** A short word with two neighbouring letters swapped: "lsat", "2dn", "ya plii", "ya nen". */
  private static String swapMended(String token, boolean afterPrefix) {
    if (Tokens.transposed(token, "last")) {
      return "last";
    }
    String figure = Tokens.mendedFigure(token);
    if (figure != null) {
      return figure;
    }
    if (afterPrefix) {
      for (String stem : Words.SWAHILI_ORDINALS.keySet()) {
        if (Tokens.transposed(token, stem)) {
          return stem;
        }
      }
    }
    return token;
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
