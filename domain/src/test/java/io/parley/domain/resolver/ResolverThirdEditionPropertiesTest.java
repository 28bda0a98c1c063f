package io.parley.domain.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The third edition's rules over every case they cover: a short ordinal with two neighbouring
 * letters swapped is mended and no other slip of it is; a count from the end is the mirror of the
 * count from the start; every Swahili colour and size form names the item whose title has the
 * English word.
 */
class ResolverThirdEditionPropertiesTest {
  private static final String[] ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
  };
  private static final Map<Integer, String> SWAHILI =
      Map.of(
          1, "kwanza", 2, "pili", 3, "tatu", 4, "nne", 5, "tano", 6, "sita", 7, "saba", 8, "nane",
          9, "tisa", 10, "kumi");

  private final ReferenceResolver resolver = new ReferenceResolver();

  @Property(tries = 200)
  void aShortOrdinalWithTwoNeighbouringLettersSwappedIsMended(
      @ForAll @IntRange(min = 1, max = 10) int position,
      @ForAll @IntRange(min = 0, max = 3) int at) {
    String stem = SWAHILI.get(position);
    if (stem.length() > 4 || at + 1 >= stem.length() || stem.charAt(at) == stem.charAt(at + 1)) {
      return;
    }
    String swapped = swap(stem, at);

    assertPosition(resolver.resolve(context(12), "ya " + swapped), "ya " + swapped, position);
  }

  @Property(tries = 200)
  void aFigureOrLastWithItsLettersSwappedIsMended(
      @ForAll @IntRange(min = 1, max = 12) int position,
      @ForAll @IntRange(min = 0, max = 2) int at) {
    String figure = position + suffix(position);
    String swappedFigure = figure.substring(0, figure.length() - 2) + swap(suffix(position), 0);
    String swappedLast = swap("last", at);

    assertPosition(
        resolver.resolve(context(12), "the " + swappedFigure + " one"), swappedFigure, position);
    assertPosition(resolver.resolve(context(12), swappedLast), swappedLast, 12);
  }

  @Property(tries = 600)
  void noOtherSlipOfAShortOrdinalIsMended(
      @ForAll("shortOrdinals") String word,
      @ForAll @IntRange(min = 0, max = 3) int at,
      @ForAll @IntRange(min = 'a', max = 'z') int letter) {
    if (at >= word.length() || word.charAt(at) == letter) {
      return;
    }
    String slip = word.substring(0, at) + (char) letter + word.substring(at + 1);
    if (isAWordOfItsOwn(slip)) {
      return;
    }
    String text = word.equals("last") ? "the " + slip + " one" : "ya " + slip;

    assertThat(resolver.resolve(context(12), text))
        .as(text)
        .isInstanceOf(Resolution.NotAReference.class);
  }

  @Property(tries = 400)
  void aCountFromTheEndIsTheMirrorOfTheCountFromTheStart(
      @ForAll @IntRange(min = 2, max = 20) int size,
      @ForAll @IntRange(min = 1, max = 10) int fromEnd,
      @ForAll("fromTheEnd") String form) {
    if (fromEnd > size || (form.startsWith("last but") && fromEnd < 2)) {
      return;
    }
    String text = form.formatted(fromEnd, ORDINALS[fromEnd - 1], SWAHILI.get(fromEnd), fromEnd - 1);

    Resolution resolution = resolver.resolve(context(size), text);

    assertThat(resolution).as(text).isInstanceOf(Resolution.Resolved.class);
    Resolution.Resolved resolved = (Resolution.Resolved) resolution;
    assertThat(resolved.item().position()).as(text).isEqualTo(size - fromEnd + 1);
    assertThat(resolved.matchedBy()).as(text).isEqualTo(Resolution.MatchedBy.RELATIVE);
  }

  @Property(tries = 200)
  void everySwahiliAttributeFormNamesTheItemWithTheEnglishWord(
      @ForAll("attributeForms") String form, @ForAll @IntRange(min = 0, max = 4) int where) {
    String english = Words.SYNONYMS.get(form);
    List<String> titles =
        new ArrayList<>(List.of("Kikoi Plain", "Kiondo Basket", "Sisal Mat", "Wooden Stool"));
    titles.add(where, "Kikoi " + Character.toUpperCase(english.charAt(0)) + english.substring(1));
    String text =
        Words.SIZE_WORDS_WITH_OTHER_MEANINGS.contains(form) ? "ile " + form : "nataka " + form;

    assertPosition(resolver.resolve(context(titles), text), text, where + 1);
  }

  @Provide
  Arbitrary<String> shortOrdinals() {
    return Arbitraries.of("last", "pili", "tatu", "tano", "sita", "saba", "nane", "tisa", "kumi");
  }

  @Provide
  Arbitrary<String> fromTheEnd() {
    return Arbitraries.of(
        "%2$s from the end",
        "the %2$s one from the end",
        "%2$s from last",
        "%2$s to last",
        "%1$d from the end",
        "number %1$d from the end",
        "the %2$s from the bottom",
        "ya %3$s kutoka mwisho",
        "ile ya %3$s toka mwisho",
        "last but %4$d");
  }

  @Provide
  Arbitrary<String> attributeForms() {
    return Arbitraries.of(
        Words.SYNONYMS.keySet().stream()
            .filter(form -> !form.equals("saizi") && !form.equals(Words.SYNONYMS.get(form)))
            .sorted()
            .toList());
  }

  private static boolean isAWordOfItsOwn(String word) {
    return Words.CARDINALS.containsKey(word)
        || Words.SWAHILI_ORDINALS.containsKey(word)
        || Words.ENGLISH_ORDINALS.containsKey(word)
        || Words.FILLERS.contains(word)
        || Words.LAST.contains(word)
        || Words.MIDDLE.contains(word)
        || Words.NUMBER_PREFIXES.contains(word)
        || Words.ALL.contains(word);
  }

  private static String swap(String word, int at) {
    char[] letters = word.toCharArray();
    char first = letters[at];
    letters[at] = letters[at + 1];
    letters[at + 1] = first;
    return new String(letters);
  }

  private static String suffix(int n) {
    if (n % 100 >= 11 && n % 100 <= 13) {
      return "th";
    }
    return switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }

  private static void assertPosition(Resolution resolution, String text, int position) {
    assertThat(resolution).as(text).isInstanceOf(Resolution.Resolved.class);
    assertThat(((Resolution.Resolved) resolution).item().position()).as(text).isEqualTo(position);
  }

  private static ReferenceContext context(int size) {
    List<String> titles = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      titles.add("Item " + (char) ('A' + i - 1));
    }
    return context(titles);
  }

  private static ReferenceContext context(List<String> titles) {
    List<ReferenceItem> items = new ArrayList<>();
    for (String title : titles) {
      items.add(new ReferenceItem(items.size() + 1, "p" + items.size(), title, "{}"));
    }
    return ReferenceResolverCorpusTest.context(items);
  }
}
