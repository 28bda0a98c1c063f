package io.parley.domain.resolver;

import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution.MatchedBy;
import io.parley.domain.resolver.ReferenceResolver.Target;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one clause of a reply says: the items it names (by position, range, description or price),
 * how many of each, and whether it refuses them ("not the second").
 */
final class ClauseReading {
  /**
   * The items a clause names. {@code ambiguous}: they are candidates, not a choice. {@code
   * outOfRange}: an explicit position past the list. {@code dead}: it described something no item
   * is (a colour, a price, a word none has), so it names nothing.
   */
  record Reading(
      boolean negated,
      Integer quantity,
      List<ReferenceItem> items,
      MatchedBy matchedBy,
      boolean ambiguous,
      Integer outOfRange,
      boolean dead) {
    static Reading nothing(boolean negated) {
      return new Reading(negated, null, List.of(), null, false, null, false);
    }

    boolean namesSomething() {
      return !items.isEmpty() || outOfRange != null;
    }
  }

  private final List<ReferenceItem> items;
  private final Vocabulary vocabulary;
  private final List<String> tokens;
  private boolean negated;
  private Integer quantity;

  private ClauseReading(List<ReferenceItem> items, Vocabulary vocabulary, List<String> tokens) {
    this.items = items;
    this.vocabulary = vocabulary;
    this.tokens = new ArrayList<>(tokens);
  }

  static Reading read(List<ReferenceItem> items, Vocabulary vocabulary, List<String> tokens) {
    return new ClauseReading(items, vocabulary, tokens).read();
  }

  private Reading read() {
    negated = tokens.removeIf(Words.NEGATORS::contains);
    quantity = Quantities.take(tokens, vocabulary);
    Reading several = everyOrRange();
    if (several != null) {
      return several;
    }
    List<Target> targets = targets();
    if (!targets.isEmpty()) {
      return byPosition(targets);
    }
    return byDescriptionAndPrice();
  }

  /** "zote", "all of them", "every one": every item; "the first three", "zile tatu za mwisho". */
  private Reading everyOrRange() {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if ((Words.ALL.contains(token) && !token.equals("both"))
          || (token.equals("both") && items.size() == 2)
          || (token.equals("every") && i + 1 < tokens.size() && tokens.get(i + 1).equals("one"))) {
        return onlyFillersBesides(i) ? chose(items, MatchedBy.SEVERAL) : null;
      }
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      Integer span = Quantities.count(next);
      if (Set.of("first", "top", "last").contains(token) && span != null && span >= 2) {
        return chose(range(span, token.equals("last")), MatchedBy.SEVERAL);
      }
      String after = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
      Integer swahiliSpan = Quantities.count(token);
      if (i > 0
          && Words.DEMONSTRATIVES.contains(tokens.get(i - 1))
          && swahiliSpan != null
          && swahiliSpan >= 2
          && Words.CLASS_PREFIXES.contains(next)
          && (after.equals("kwanza") || Words.LAST.contains(after))) {
        return chose(range(swahiliSpan, Words.LAST.contains(after)), MatchedBy.SEVERAL);
      }
    }
    return null;
  }

  private boolean onlyFillersBesides(int i) {
    for (int k = 0; k < tokens.size(); k++) {
      String token = tokens.get(k);
      if (k != i && !Words.FILLERS.contains(token) && !Words.ALL.contains(token)) {
        return false;
      }
    }
    return true;
  }

  private List<ReferenceItem> range(int span, boolean fromEnd) {
    int size = items.size();
    int from = fromEnd ? Math.max(0, size - span) : 0;
    int to = fromEnd ? size : Math.min(size, span);
    return items.subList(from, to);
  }

  /** Positions the clause names: "@3" (relative), the middle, explicit ones, a bare number. */
  private List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (String token : tokens) {
      if (token.startsWith("@") && Tokens.isDigits(token.substring(1))) {
        targets.add(Target.fromStart(Integer.parseInt(token.substring(1)), MatchedBy.RELATIVE));
      }
      if (Words.MIDDLE.contains(token)) {
        int size = items.size();
        targets.add(Target.fromStart((size + 1) / 2, MatchedBy.RELATIVE));
        if (size % 2 == 0) {
          targets.add(Target.fromStart(size / 2 + 1, MatchedBy.RELATIVE));
        }
      }
    }
    if (!targets.isEmpty()) {
      return targets;
    }
    targets.addAll(PositionalReading.read(tokens, vocabulary.titleWords()));
    if (targets.isEmpty() && !mentionsCurrency()) {
      targets.addAll(PositionalReading.bareNumbers(tokens));
    }
    return targets;
  }

  private Reading byPosition(List<Target> targets) {
    int size = items.size();
    Set<Integer> positions = new LinkedHashSet<>();
    targets.forEach(t -> positions.add(t.position(size)));
    List<ReferenceItem> inRange = new ArrayList<>();
    Integer outside = null;
    for (int position : positions) {
      if (position >= 1 && position <= size) {
        inRange.add(items.get(position - 1));
      } else if (outside == null) {
        outside = position;
      }
    }
    if (inRange.isEmpty()) {
      return new Reading(negated, quantity, List.of(), null, false, outside, false);
    }
    return new Reading(
        negated, quantity, inRange, targets.get(0).matchedBy(), inRange.size() > 1, null, false);
  }

  /** Items by their words, then by a stated price or the cheapest / dearest of them. */
  private Reading byDescriptionAndPrice() {
    BigDecimal amount = statedAmount();
    int direction = priceDirection();
    List<String> words = descriptiveWords();
    if (words.isEmpty() && amount == null && direction == 0) {
      return Reading.nothing(negated);
    }
    List<ReferenceItem> candidates = items;
    MatchedBy by = MatchedBy.TITLE;
    if (!words.isEmpty()) {
      candidates = items.stream().filter(item -> vocabulary.describes(item, words, false)).toList();
      if (candidates.isEmpty()) {
        candidates =
            items.stream().filter(item -> vocabulary.describes(item, words, true)).toList();
        by = MatchedBy.ATTRIBUTE;
      }
    }
    if (amount != null) {
      candidates =
          candidates.stream()
              .filter(item -> item.price() != null && item.price().compareTo(amount) == 0)
              .toList();
      by = MatchedBy.PRICE;
    }
    if (direction != 0 && !candidates.isEmpty()) {
      candidates = extreme(candidates, direction);
      by = MatchedBy.PRICE;
    }
    if (candidates.isEmpty()) {
      return new Reading(negated, quantity, List.of(), null, false, null, true);
    }
    return new Reading(negated, quantity, candidates, by, candidates.size() > 1, null, false);
  }

  /** The cheapest (direction -1) or dearest (+1) of the priced candidates; all ties. */
  private static List<ReferenceItem> extreme(List<ReferenceItem> candidates, int direction) {
    List<ReferenceItem> priced = candidates.stream().filter(i -> i.price() != null).toList();
    if (priced.isEmpty()) {
      return List.of();
    }
    Comparator<BigDecimal> order =
        direction < 0 ? Comparator.naturalOrder() : Comparator.reverseOrder();
    BigDecimal best = priced.stream().map(ReferenceItem::price).min(order).orElseThrow();
    return priced.stream().filter(i -> i.price().compareTo(best) == 0).toList();
  }

  /** A price said in the clause: a number of 100 or more, or one next to a currency word. */
  private BigDecimal statedAmount() {
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (!Tokens.isDigits(token)) {
        continue;
      }
      int value = Integer.parseInt(token);
      boolean currency =
          (i > 0 && Words.CURRENCY.contains(tokens.get(i - 1)))
              || (i + 1 < tokens.size() && Words.CURRENCY.contains(tokens.get(i + 1)));
      if (value >= 100 || currency) {
        return BigDecimal.valueOf(value);
      }
    }
    return null;
  }

  private boolean mentionsCurrency() {
    return tokens.stream().anyMatch(Words.CURRENCY::contains);
  }

  /** -1 for the cheapest, +1 for the dearest, 0 when the clause says neither. */
  private int priceDirection() {
    int direction = 0;
    boolean least = false;
    for (String token : tokens) {
      least |= Words.LEAST.contains(token);
      if (Words.CHEAP.contains(token)) {
        direction = -1;
      } else if (Words.DEAR.contains(token) && !(token.equals("juu") && !mentionsCurrency())) {
        direction = 1;
      }
    }
    return least ? -direction : direction;
  }

  /**
   * The words that describe an item: not fillers, numbers, price words, list words or attribute
   * nouns ("rangi"); Swahili colours and sizes as the English words items use.
   */
  private List<String> descriptiveWords() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      boolean skip =
          Words.FILLERS.contains(token)
              || (Tokens.isDigits(token) && !vocabulary.knows(token))
              || Words.CARDINALS.containsKey(token)
              || Words.CHEAP.contains(token)
              || Words.DEAR.contains(token)
              || Words.LEAST.contains(token)
              || Words.CURRENCY.contains(token)
              || Words.PRICE_WORDS.contains(token)
              || Words.QUANTITY_UNITS.contains(token)
              || Words.ATTRIBUTE_NOUNS.contains(token)
              || token.equals(",");
      if (skip) {
        continue;
      }
      boolean everyday =
          Words.SIZE_WORDS_WITH_OTHER_MEANINGS.contains(token)
              && !(i > 0
                  && (Words.DEMONSTRATIVES.contains(tokens.get(i - 1))
                      || Words.CLASS_PREFIXES.contains(tokens.get(i - 1))));
      words.add(everyday ? token : Tokens.stem(token)); // "ngoja kidogo" is "wait a little"
    }
    return words;
  }

  /** A chosen set of items, none of them candidates. */
  private Reading chose(List<ReferenceItem> chosen, MatchedBy by) {
    return new Reading(negated, quantity, List.copyOf(chosen), by, false, null, false);
  }
}
