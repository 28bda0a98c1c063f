package io.parley.domain.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The second edition's promises over random lists: a quantity is never read as a position nor a
 * position as a quantity; a refused item is never chosen; and every single-item reply of the first
 * edition's corpus resolves as it did.
 */
class ResolverSecondEditionPropertiesTest {
  private static final Map<Integer, String> SWAHILI =
      Map.of(
          1, "kwanza", 2, "pili", 3, "tatu", 4, "nne", 5, "tano", 6, "sita", 7, "saba", 8, "nane",
          9, "tisa", 10, "kumi");
  private static final Map<Integer, String> SWAHILI_COUNTS =
      Map.of(2, "mbili", 3, "tatu", 4, "nne", 5, "tano", 6, "sita", 7, "saba", 8, "nane");
  private static final String[] ORDINALS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
  };

  private final ReferenceResolver resolver = new ReferenceResolver();

  @Property(tries = 400)
  void aQuantityIsNeverAPositionNorAPositionAQuantity(
      @ForAll @IntRange(min = 2, max = 20) int size,
      @ForAll @IntRange(min = 1, max = 20) int position,
      @ForAll @IntRange(min = 2, max = 8) int quantity,
      @ForAll("quantityForms") String form) {
    if (position > size || (form.contains("%3$s") && position > 10)) {
      return;
    }
    String text =
        form.formatted(
            quantity,
            position,
            SWAHILI.get(position),
            SWAHILI_COUNTS.get(quantity),
            position <= 10 ? ORDINALS[position - 1] : position + "th");
    Resolution resolution = resolver.resolve(context(size), text);

    assertThat(resolution)
        .as(text)
        .isInstanceOfSatisfying(
            Resolution.Resolved.class,
            r -> {
              assertThat(r.selections()).hasSize(1);
              assertThat(r.item().position()).as(text).isEqualTo(position);
              assertThat(r.selections().get(0).quantity()).as(text).isEqualTo(quantity);
            });
  }

  @Provide
  Arbitrary<String> quantityForms() {
    return Arbitraries.of(
        "%1$d of number %2$d",
        "number %2$d x%1$d",
        "#%2$d x %1$d",
        "%1$d pcs of #%2$d",
        "%1$d of the %5$s",
        "nataka %4$s za %3$s",
        "jozi %1$d ya %3$s",
        "%1$d pairs of the %5$s one");
  }

  @Property(tries = 400)
  void aRefusedItemIsNeverChosen(
      @ForAll @IntRange(min = 2, max = 10) int size,
      @ForAll @IntRange(min = 1, max = 10) int refused,
      @ForAll @IntRange(min = 1, max = 10) int wanted,
      @ForAll("refusals") String form) {
    if (refused > size || wanted > size) {
      return;
    }
    String text = form.formatted(ORDINALS[refused - 1], ORDINALS[wanted - 1], SWAHILI.get(refused));
    Resolution resolution = resolver.resolve(context(size), text);

    List<Integer> offered = new ArrayList<>();
    if (resolution instanceof Resolution.Resolved r) {
      r.selections().forEach(s -> offered.add(s.item().position()));
    } else if (resolution instanceof Resolution.Ambiguous a) {
      a.candidates().forEach(c -> offered.add(c.position()));
    }
    assertThat(offered).as(text).doesNotContain(refused);
    // The refusal must be understood, not merely survived (NOT_A_REFERENCE offers nothing): what
    // is offered is the item wanted, or else every item but the refused one.
    if (form.contains("%2$s")) {
      if (wanted != refused) {
        assertThat(offered).as(text).containsExactly(wanted);
      }
    } else {
      List<Integer> rest = new ArrayList<>();
      for (int p = 1; p <= size; p++) {
        if (p != refused) {
          rest.add(p);
        }
      }
      assertThat(offered).as(text).containsExactlyInAnyOrderElementsOf(rest);
    }
  }

  @Provide
  Arbitrary<String> refusals() {
    return Arbitraries.of(
        "not the %1$s",
        "not the %1$s, the %2$s",
        "I don't want the %1$s one",
        "sitaki ya %3$s",
        "si ile ya %3$s",
        "anything but the %1$s",
        "everything except the %1$s",
        "not the %1$s but the %2$s");
  }

  @Example
  void everySingleItemReplyOfTheFirstEditionResolvesAsBefore() throws IOException {
    ReferenceContext shoes = ReferenceResolverCorpusTest.fiveItems();
    List<String> changed = new ArrayList<>();
    int checked = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/resolver-corpus-first-edition.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split("\t", -1);
        if (f.length < 4 || !f[1].equals("RESOLVED") || f[2].contains(",")) {
          continue;
        }
        checked++;
        String expected = "RESOLVED " + f[2] + " " + f[3] + " -";
        String actual = ReferenceResolverCorpusTest.describe(resolver.resolve(shoes, f[0]));
        if (!actual.equals(expected)) {
          changed.add(f[0] + ": " + expected + " -> " + actual);
        }
      }
    }
    assertThat(checked).isGreaterThan(140);
    assertThat(changed).isEmpty();
  }

  private static ReferenceContext context(int size) {
    List<ReferenceItem> items = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      items.add(new ReferenceItem(i, "id" + i, "Item " + (char) ('A' + i - 1), "{}"));
    }
    return ReferenceResolverCorpusTest.context(items);
  }
}
