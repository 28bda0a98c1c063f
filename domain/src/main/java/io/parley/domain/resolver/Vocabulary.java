package io.parley.domain.resolver;

import io.parley.domain.model.ReferenceItem;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a list's items, as stems: each item's title words, and its description and attribute
 * words. A described word matches an item word exactly, or within one typing slip for words of five
 * letters or more ("adiddas").
 */
final class Vocabulary {
  private final Map<Integer, Set<String>> titles = new HashMap<>();
  private final Map<Integer, Set<String>> everything = new HashMap<>();
  private final Set<String> titleWords = new LinkedHashSet<>();
  private final Set<String> allWords = new LinkedHashSet<>();
  private final Set<String> titleWordsView = Collections.unmodifiableSet(titleWords);

  Vocabulary(List<ReferenceItem> items) {
    for (ReferenceItem item : items) {
      Set<String> title = stems(item.title());
      Set<String> all = new LinkedHashSet<>(title);
      all.addAll(stems(item.details()));
      titles.put(item.position(), title);
      everything.put(item.position(), all);
      titleWords.addAll(title);
      allWords.addAll(all);
    }
  }

  /** The titles' words (read-only: a vocabulary is shared by every resolve of its list). */
  Set<String> titleWords() {
    return titleWordsView;
  }

  /** Whether {@code word} is (nearly) a word of some item. */
  boolean knows(String word) {
    return allWords.stream().anyMatch(known -> matches(word, known));
  }

  /** Whether every word describes {@code item}: its title, or also its details. */
  boolean describes(ReferenceItem item, List<String> words, boolean withDetails) {
    Set<String> own = withDetails ? everything.get(item.position()) : titles.get(item.position());
    return words.stream().allMatch(word -> own.stream().anyMatch(known -> matches(word, known)));
  }

  private static boolean matches(String word, String known) {
    return word.equals(known)
        || (Math.min(word.length(), known.length()) >= 5 && Tokens.nearlyEqual(word, known));
  }

  static Set<String> stems(String text) {
    Set<String> stems = new LinkedHashSet<>();
    Tokens.of(text).forEach(token -> stems.add(Tokens.stem(token)));
    return stems;
  }
}
