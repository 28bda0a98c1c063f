package io.parley.domain.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** For any list and any position, "n", "#n", "the nth" and ordinal words give n or OUT_OF_RANGE. */
class ReferenceResolverPropertiesTest {
  private static final String[] ORDINAL_WORDS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth"
  };
  private static final Map<Integer, String> SWAHILI =
      Map.of(
          1, "kwanza", 2, "pili", 3, "tatu", 4, "nne", 5, "tano", 6, "sita", 7, "saba", 8, "nane",
          9, "tisa", 10, "kumi");

  private final ReferenceResolver resolver = new ReferenceResolver();

  @net.jqwik.api.Example
  void oneResolverKeepsEachListsOwnWords() {
    // more lists than the resolver remembers, so some share a slot: each answers with its own words
    List<ReferenceContext> lists = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> titles =
          new java.util.ArrayList<>(List.of("Blue Pixel Phone", "Vans Old Skool", "Galaxy Tab"));
      titles.set(i % 3, "Red Wing Boots " + i);
      lists.add(context(3, titles));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < lists.size(); i++) {
        int red = i % 3 + 1;
        assertThat(resolver.resolve(lists.get(i), "the red one"))
            .isInstanceOfSatisfying(
                Resolution.Resolved.class, r -> assertThat(r.item().position()).isEqualTo(red));
      }
    }
  }

  @Property(tries = 300)
  void aNumberIsThatPosition(
      @ForAll @IntRange(min = 1, max = 50) int size,
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll("titles") List<String> titles,
      @ForAll("numberForms") String form) {
    assertPosition(context(size, titles), form.formatted(n), size, n);
  }

  @Property(tries = 300)
  void anOrdinalFigureIsThatPosition(
      @ForAll @IntRange(min = 1, max = 50) int size,
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll("titles") List<String> titles,
      @ForAll("ordinalForms") String form) {
    assertPosition(context(size, titles), form.formatted(figure(n)), size, n);
  }

  @Property(tries = 300)
  void anOrdinalWordIsThatPosition(
      @ForAll @IntRange(min = 1, max = 50) int size,
      @ForAll @IntRange(min = 1, max = 20) int n,
      @ForAll("titles") List<String> titles,
      @ForAll("ordinalForms") String form) {
    assertPosition(context(size, titles), form.formatted(ORDINAL_WORDS[n - 1]), size, n);
  }

  @Property(tries = 200)
  void aSwahiliOrdinalIsThatPosition(
      @ForAll @IntRange(min = 1, max = 50) int size,
      @ForAll @IntRange(min = 1, max = 10) int n,
      @ForAll("titles") List<String> titles,
      @ForAll("swahiliForms") String form) {
    assertPosition(context(size, titles), form.formatted(SWAHILI.get(n)), size, n);
  }

  @Property(tries = 200)
  void lastAndSecondToLastCountFromTheEnd(
      @ForAll @IntRange(min = 2, max = 50) int size, @ForAll("titles") List<String> titles) {
    ReferenceContext context = context(size, titles);
    assertPosition(context, "the last one", size, size);
    assertPosition(context, "ya mwisho", size, size);
    assertPosition(context, "second to last", size, size - 1);
  }

  private void assertPosition(ReferenceContext context, String text, int size, int n) {
    Resolution resolution = resolver.resolve(context, text);
    if (n <= size) {
      assertThat(resolution)
          .as(text)
          .isInstanceOfSatisfying(
              Resolution.Resolved.class, r -> assertThat(r.item().position()).isEqualTo(n));
    } else {
      assertThat(resolution)
          .as(text)
          .isInstanceOfSatisfying(
              Resolution.OutOfRange.class, r -> assertThat(r.position()).isEqualTo(n));
    }
  }

  @Provide
  Arbitrary<String> numberForms() {
    return Arbitraries.of(
        "%d",
        "#%d",
        "no. %d",
        "number %d",
        "namba %d",
        "option %d",
        "I want %d",
        "nataka %d",
        "%d please");
  }

  @Provide
  Arbitrary<String> ordinalForms() {
    return Arbitraries.of(
        "%s", "the %s", "the %s one", "I want the %s one", "%s please", "ya %s", "ile ya %s");
  }

  @Provide
  Arbitrary<String> swahiliForms() {
    return Arbitraries.of(
        "ya %s", "ile ya %s", "nataka ya %s", "hiyo ya %s tafadhali", "wa %s", "la %s");
  }

  /** Random product-like titles, digits included (they must never be read as positions). */
  @Provide
  Arbitrary<List<String>> titles() {
    Arbitrary<String> word =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Nike", "Air", "Max", "Red", "Samsung", "Galaxy", "Braids", "Unga", "Sukari",
                "Boots"),
            Arbitraries.integers().between(1, 999).map(Object::toString));
    return word.list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(words -> String.join(" ", words))
        .list()
        .ofSize(50);
  }

  private static ReferenceContext context(int size, List<String> titles) {
    List<ReferenceItem> items = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      items.add(new ReferenceItem(i, "id" + i, titles.get(i - 1), "{}"));
    }
    Instant now = Instant.now();
    return new ReferenceContext(
        UUID.randomUUID(),
        new ConversationId(UUID.randomUUID()),
        1,
        ListType.PRODUCTS,
        items,
        now,
        now.plusSeconds(60));
  }

  private static String figure(int n) {
    int lastTwo = n % 100;
    String suffix =
        lastTwo >= 11 && lastTwo <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}
