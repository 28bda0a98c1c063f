package io.parley.bench;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.parley.domain.resolver.ReferenceResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Nanoseconds per utterance: the resolver over every line of the test corpus, five items. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolverBenchmark {
  private final ReferenceResolver resolver = new ReferenceResolver();
  private ReferenceContext context;
  private String[] utterances;

  /** The second edition's corpus, and the first edition's, to compare on the same lines. */
  @Param({"/resolver-corpus.tsv", "/resolver-corpus-first-edition.tsv"})
  public String corpus;

  @Setup
  public void load() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                ResolverBenchmark.class.getResourceAsStream(corpus), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains("\t")) {
          lines.add(line.split("\t", -1)[0]);
        }
      }
    }
    utterances = lines.toArray(String[]::new);
    String[] titles = {
      "Nike Air Max 90 Red",
      "Adidas Superstar White",
      "Nike Air Force 1 Black",
      "Puma Suede Blue",
      "Red Wing Classic Boots"
    };
    List<ReferenceItem> items = new ArrayList<>();
    for (int i = 0; i < titles.length; i++) {
      items.add(new ReferenceItem(i + 1, "p" + (i + 1), titles[i], "{}"));
    }
    Instant now = Instant.now();
    context =
        new ReferenceContext(
            UUID.randomUUID(),
            new ConversationId(UUID.randomUUID()),
            1,
            ListType.PRODUCTS,
            items,
            now,
            now.plusSeconds(3600));
  }

  private int next;

  /** One utterance per call, cycling through the corpus. */
  @Benchmark
  public Resolution resolveOneUtterance() {
    String utterance = utterances[next];
    next = next + 1 == utterances.length ? 0 : next + 1;
    return resolver.resolve(context, utterance);
  }
}
