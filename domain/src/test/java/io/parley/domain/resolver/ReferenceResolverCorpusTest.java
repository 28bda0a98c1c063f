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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The resolver against the utterance corpus in {@code resolver-corpus.tsv}: every line's outcome,
 * position(s) and match kind must come out exactly; the accuracy is printed.
 */
class ReferenceResolverCorpusTest {
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

  record Case(String utterance, String outcome, String positions, String matchedBy) {}

  static List<Case> corpus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
            ReferenceResolverCorpusTest.class.getResourceAsStream("/resolver-corpus.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] f = line.split("\t", -1);
          cases.add(new Case(f[0], f[1], f[2], f[3]));
        }
      }
    }
    return cases;
  }

  @Test
  void resolvesEveryUtteranceOfTheCorpus() throws IOException {
    ReferenceResolver resolver = new ReferenceResolver();
    ReferenceContext context = fiveItems();
    List<Case> cases = corpus();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String actual = describe(resolver.resolve(context, c.utterance()));
      String expected = c.outcome() + " " + c.positions() + " " + c.matchedBy();
      if (!actual.equals(expected)) {
        failures.add("'" + c.utterance() + "': expected " + expected + ", got " + actual);
      }
    }
    double accuracy = 100.0 * (cases.size() - failures.size()) / cases.size();
    System.out.printf(
        Locale.ROOT, "resolver corpus: %d utterances, accuracy %.1f%%%n", cases.size(), accuracy);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    assertThat(failures).isEmpty();
  }

  static String describe(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved r) {
      return "RESOLVED "
          + r.item().position()
          + " "
          + r.matchedBy().name().toLowerCase(Locale.ROOT);
    }
    if (resolution instanceof Resolution.Ambiguous a) {
      return "AMBIGUOUS "
          + String.join(
              ",", a.candidates().stream().map(i -> Integer.toString(i.position())).toList())
          + " -";
    }
    if (resolution instanceof Resolution.OutOfRange o) {
      return "OUT_OF_RANGE " + o.position() + " -";
    }
    if (resolution instanceof Resolution.NotAReference) {
      return "NOT_A_REFERENCE - -";
    }
    return "NO_CONTEXT - -";
  }
}
