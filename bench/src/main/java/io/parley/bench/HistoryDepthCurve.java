package io.parley.bench;

import io.parley.adapters.demo.LongConversation;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Latency of one 50-message history page at depths 0 .. 1,000,000 of a single 1,000,000-message
 * conversation (embedded PostgreSQL 17): Parley's keyset cursor, Parley's page number, and the
 * original's OFFSET. p50 and p99 over the given runs per point.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.parley.bench.HistoryDepthCurve 1000000 100
 * [table.tsv]}
 */
public final class HistoryDepthCurve {
  private static final int PAGE = 50;

  public static void main(String[] args) throws IOException {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    StringBuilder table =
        new StringBuilder(
            "depth\tcursor_p50_ms\tcursor_p99_ms\tpage_p50_ms\tpage_p99_ms\toffset_p50_ms\toffset_p99_ms\n");
    try (BenchDatabase db = BenchDatabase.start(BenchDatabase.DEFAULT_PREPARE_THRESHOLD)) {
      Jdbi jdbi = db.jdbi();
      Stores stores = db.stores();
      TenantId tenant = stores.newTenant();
      ConversationId conversation = stores.newConversation(tenant, "+254700000001");
      fill(jdbi, tenant, conversation, messages);
      ConversationHistory history = db.adapters().history();
      System.out.printf(
          Locale.ROOT,
          "one conversation of %,d messages; a page is %d messages; %d runs per point%n",
          messages,
          PAGE,
          runs);
      System.out.printf(
          Locale.ROOT,
          "%10s %16s %16s %16s %16s%n",
          "depth",
          "cursor p50/p99",
          "page# p50/p99",
          "OFFSET p50/p99",
          "OFFSET / cursor");
      IntFunction<LongSupplier> cursorAt =
          depth ->
              () ->
                  history
                      .readSlice(
                          tenant,
                          conversation,
                          MessageFilter.DEFAULT,
                          new HistoryPosition.Before(messages - depth + 1L),
                          PAGE)
                      .orElseThrow()
                      .messages()
                      .size();
      IntFunction<LongSupplier> pageAt =
          depth ->
              () ->
                  history
                      .readPage(
                          tenant,
                          conversation,
                          MessageFilter.DEFAULT,
                          depth / PAGE + 1,
                          PAGE,
                          false)
                      .orElseThrow()
                      .messages()
                      .size();
      // Both of Parley's paths compiled before the first point: it used to be measured half cold.
      time(2_000, cursorAt.apply(10_000));
      time(2_000, pageAt.apply(10_000));
      try (Handle handle = jdbi.open()) {
        int[] depths =
            IntStream.concat(
                    IntStream.of(0, 1_000, 10_000, 100_000).filter(d -> d < messages - PAGE),
                    IntStream.of(messages - PAGE))
                .toArray();
        for (int depth : depths) {
          long[] cursor = time(runs, cursorAt.apply(depth));
          long[] numbered = time(runs, pageAt.apply(depth));
          long[] offset =
              time(
                  runs,
                  () ->
                      handle
                          .createQuery(
                              "SELECT id, seq, text FROM messages WHERE tenant_id = :t AND conversation_id = :c ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                          .bind("t", tenant.value())
                          .bind("c", conversation.value())
                          .bind("limit", PAGE)
                          .bind("offset", depth)
                          .mapToMap()
                          .list()
                          .size());
          double[] ms = {
            ms(cursor, 50),
            ms(cursor, 99),
            ms(numbered, 50),
            ms(numbered, 99),
            ms(offset, 50),
            ms(offset, 99)
          };
          System.out.printf(
              Locale.ROOT,
              "%10d %7.3f/%7.3f ms %7.3f/%7.3f ms %7.2f/%7.2f ms %15.1fx%n",
              depth,
              ms[0],
              ms[1],
              ms[2],
              ms[3],
              ms[4],
              ms[5],
              ms[4] / ms[0]);
          table.append(depth);
          for (double value : ms) {
            table.append(String.format(Locale.ROOT, "\t%.3f", value));
          }
          table.append('\n');
        }
      }
    }
    if (args.length > 2) {
      Files.writeString(Path.of(args[2]), table);
    }
  }

  private static void fill(Jdbi jdbi, TenantId tenant, ConversationId conversation, int count) {
    LongConversation.fill(jdbi, tenant, conversation, count);
    jdbi.useHandle(h -> h.execute("VACUUM ANALYZE messages"));
  }

  private static long[] time(int runs, LongSupplier work) {
    for (int i = 0; i < 20; i++) {
      work.getAsLong();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.getAsLong();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static double ms(long[] sorted, int percentile) {
    return sorted[
            Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)]
        / 1e6;
  }
}
