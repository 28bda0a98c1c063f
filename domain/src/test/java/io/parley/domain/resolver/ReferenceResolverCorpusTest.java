package io.parley.domain.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The resolver against the utterance corpus in {@code resolver-corpus.tsv}: every line's outcome,
 * position(s), match kind and quantities must come out exactly, against the list the line names
 * (the five shoes without prices when it names none); the accuracy is printed.
 */
public class ReferenceResolverCorpusTest {
  static final List<String> TITLES =
      List.of(
          "Nike Air Max 90 Red",
          "Adidas Superstar White",
          "Nike Air Force 1 Black",
          "Puma Suede Blue",
          "Red Wing Classic Boots");

  static ReferenceContext fiveItems() {
    List<ReferenceItem> items = new ArrayList<>();
    for (int i = 0; i < TITLES.size(); i++) {
      items.add(new ReferenceItem(i + 1, "p" + (i + 1), TITLES.get(i), "{}"));
    }
    return context(items);
  }

  /**
   * The lists the corpus names in its list column: titles, details (description and attributes),
   * prices.
   */
  static final Map<String, List<String[]>> LISTS =
      Map.of(
          "phones",
          List.of(
              new String[] {
                "Samsung Galaxy A15", "smartphone, android phone, 128GB, black", "18500"
              },
              new String[] {"Tecno Spark 20", "smartphone, android phone, 256GB, blue", "15999"},
              new String[] {"iPhone 13", "Apple phone refurbished white", "65000"},
              new String[] {"Nokia 105", "feature phone radio torch black", "2500"}),
          "clothes",
          List.of(
              new String[] {"Denim Jacket", "blue cotton size 40", "4500"},
              new String[] {"Leather Jacket", "brown genuine leather size 42", "12000"},
              new String[] {"Kitenge Dress", "african print yellow size 38", "3500"},
              new String[] {"Adidas Tracksuit", "black polyester size 44", "7000"},
              new String[] {"Cotton T-shirt", "white plain size 44", "800"}),
          "two",
          List.of(
              new String[] {"Blue Kikoi", "cotton beach wrap", "1200"},
              new String[] {"Red Kikoi", "cotton beach wrap", "1500"}),
          "groceries",
          groceries(),
          "single",
          List.<String[]>of(new String[] {"Nike Air Max 90 Red", "running shoe", "9500"}),
          "bags",
          List.of(
              new String[] {"Leather Handbag Large", "black genuine leather", "6500"},
              new String[] {"Leather Handbag Small", "brown genuine leather", "3500"},
              new String[] {"Canvas Tote Big", "red canvas shopping bag", "1800"},
              new String[] {"Kiondo Basket", "small white sisal basket", "1200"},
              new String[] {"Laptop Backpack", "grey waterproof 15 inch", "4200"},
              new String[] {"Travel Duffel", "large purple nylon", "5200"}));

  private static List<String[]> groceries() {
    String[] names = {
      "Sukari 2kg",
      "Unga wa Ugali 2kg",
      "Mchele Pishori 1kg",
      "Mafuta ya Kupika 1L",
      "Chai Majani",
      "Maziwa Mala",
      "Mkate",
      "Mayai Tray",
      "Sabuni ya Kufulia",
      "Dawa ya Meno",
      "Chumvi",
      "Kahawa",
      "Maharagwe",
      "Ndizi",
      "Viazi",
      "Nyanya",
      "Vitunguu",
      "Sukuma Wiki",
      "Juice ya Embe",
      "Maji ya Kunywa"
    };
    List<String[]> items = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      items.add(new String[] {names[i], "", Integer.toString(100 + 10 * i)});
    }
    return items;
  }

  public static ReferenceContext list(String name) {
    if (name.equals("shoes")) {
      return fiveItems();
    }
    List<ReferenceItem> items = new ArrayList<>();
    for (String[] item : LISTS.get(name)) {
      int position = items.size() + 1;
      items.add(
          new ReferenceItem(
              position, "p" + position, item[0], "{}", item[1], new BigDecimal(item[2])));
    }
    return context(items);
  }

  /** A context of these items, active for five minutes. */
  static ReferenceContext context(List<ReferenceItem> items) {
    Instant now = Instant.now();
    return new ReferenceContext(
        UUID.randomUUID(),
        new ConversationId(UUID.randomUUID()),
        1,
        ListType.PRODUCTS,
        items,
        now,
        now.plusSeconds(300));
  }

  /** A corpus line: what is said, against which list, and what must come out. */
  record Case(
      String utterance,
      String outcome,
      String positions,
      String matchedBy,
      String quantities,
      String list) {}

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
            ReferenceResolverCorpusTest.class.getResourceAsStream("/resolver-corpus.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        // A comment has no tab; "#2" is an utterance.
        if (line.contains("\t")) {
          String[] f = line.split("\t", -1);
          cases.add(
              new Case(
                  f[0],
                  f[1],
                  f[2],
                  f[3],
                  f.length > 4 && !f[4].isBlank() ? f[4] : "-",
                  f.length > 5 && !f[5].isBlank() ? f[5] : "shoes"));
        }
      }
    }
    return cases;
  }

  @Test
  void resolvesEveryUtteranceOfTheCorpus() throws IOException {
    ReferenceResolver resolver = new ReferenceResolver();
    Map<String, ReferenceContext> contexts = new HashMap<>();
    List<Case> cases = corpus();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      ReferenceContext context =
          contexts.computeIfAbsent(c.list(), ReferenceResolverCorpusTest::list);
      String actual = describe(resolver.resolve(context, c.utterance()));
      String expected =
          c.outcome() + " " + c.positions() + " " + c.matchedBy() + " " + c.quantities();
      if (!actual.equals(expected)) {
        failures.add("'" + c.utterance() + "': expected " + expected + ", got " + actual);
      }
    }
    double accuracy = 100.0 * (cases.size() - failures.size()) / cases.size();
    System.out.printf(
        Locale.ROOT, "resolver corpus: %d utterances, accuracy %.1f%%%n", cases.size(), accuracy);
    assertThat(failures).isEmpty();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(450);
    assertThat(cases.stream().filter(c -> c.outcome().equals("NOT_A_REFERENCE")))
        .as("traps")
        .hasSizeGreaterThanOrEqualTo(60);
  }

  public static String describe(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved r) {
      List<String> positions = new ArrayList<>();
      List<String> quantities = new ArrayList<>();
      for (Resolution.Selection s : r.selections()) {
        positions.add(Integer.toString(s.item().position()));
        quantities.add(s.quantity() == null ? "-" : s.quantity().toString());
      }
      boolean anyQuantity = quantities.stream().anyMatch(q -> !q.equals("-"));
      return "RESOLVED "
          + String.join(",", positions)
          + " "
          + r.matchedBy().name().toLowerCase(Locale.ROOT)
          + " "
          + (anyQuantity ? String.join(",", quantities) : "-");
    }
    if (resolution instanceof Resolution.Ambiguous a) {
      return "AMBIGUOUS "
          + String.join(
              ",", a.candidates().stream().map(i -> Integer.toString(i.position())).toList())
          + " - -";
    }
    if (resolution instanceof Resolution.OutOfRange o) {
      return "OUT_OF_RANGE " + o.position() + " - -";
    }
    if (resolution instanceof Resolution.NotAReference) {
      return "NOT_A_REFERENCE - - -";
    }
    return "NO_CONTEXT - - -";
  }
}
