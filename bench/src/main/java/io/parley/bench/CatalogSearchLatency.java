package io.parley.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.adapters.cache.CatalogNearCache;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.demo.CatalogGenerator;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Search latency on a tenant of N generated products (embedded PostgreSQL 17): cold (straight to
 * PostgreSQL, as a cache miss) and warm (an L1 hit), per query, p50 and p99 over many runs.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.parley.bench.CatalogSearchLatency 100000}
 */
public final class CatalogSearchLatency {
  private static final String[] QUERIES = {
    "nike air forse",
    "sneekers",
    "red sneakers",
    "samsung galaxy",
    "sukari",
    "unga wa ugali",
    "iphone 14 pro"
  };

  public static void main(String[] args) {
    int products = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (BenchDatabase db = BenchDatabase.start(BenchDatabase.DEFAULT_PREPARE_THRESHOLD)) {
      TenantId tenant = db.stores().newTenant();
      CatalogStore database = db.adapters().catalog();
      long loadStart = System.nanoTime();
      List<ProductDraft> generated = CatalogGenerator.products(42, products);
      for (int from = 0; from < products; from += 1_000) {
        database.upsert(
            tenant,
            CatalogKind.PRODUCTS,
            generated.subList(from, Math.min(products, from + 1_000)),
            Instant.now());
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      db.jdbi().useHandle(h -> h.execute("ANALYZE"));
      CatalogStore cache =
          new CatalogNearCache(
              db.adapters().versionedCatalog(),
              new NearCacheSettings(
                  Duration.ofMinutes(10),
                  32L << 20,
                  Ticker.systemTicker(),
                  n -> StatsCounter.disabledStatsCounter()),
              io.parley.adapters.cache.Coherence.alone());
      System.out.printf(
          Locale.ROOT,
          "catalog of %,d products loaded in %.1f s (%,.0f products/s)%n",
          products,
          loadSeconds,
          products / loadSeconds);
      System.out.printf(
          Locale.ROOT,
          "%-18s %8s %12s %12s %12s %12s%n",
          "query",
          "results",
          "cold p50 ms",
          "cold p99 ms",
          "warm p50 µs",
          "warm p99 µs");
      for (String text : QUERIES) {
        CatalogQuery query = new CatalogQuery(text, false, 20, null);
        for (int i = 0; i < 20; i++) {
          database.list(
              tenant,
              CatalogKind.PRODUCTS,
              query); // JIT and PostgreSQL caches warm, as in a running service
        }
        long[] cold = new long[runs];
        int results = 0;
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          results = database.list(tenant, CatalogKind.PRODUCTS, query).items().size();
          cold[i] = System.nanoTime() - start;
        }
        cache.list(tenant, CatalogKind.PRODUCTS, query);
        long[] warm = new long[runs * 50];
        for (int i = 0; i < warm.length; i++) {
          long start = System.nanoTime();
          cache.list(tenant, CatalogKind.PRODUCTS, query);
          warm[i] = System.nanoTime() - start;
        }
        System.out.printf(
            Locale.ROOT,
            "%-18s %8d %12.2f %12.2f %12.2f %12.2f%n",
            text,
            results,
            percentile(cold, 50) / 1e6,
            percentile(cold, 99) / 1e6,
            percentile(warm, 50) / 1e3,
            percentile(warm, 99) / 1e3);
      }
      long[] suggestions = new long[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        database.suggestionCandidates(tenant, i % 2 == 0 ? "red sneakers" : null, 5);
        suggestions[i] = System.nanoTime() - start;
      }
      System.out.printf(
          Locale.ROOT,
          "suggestions (cold, with and without text): p50 %.2f ms, p99 %.2f ms%n",
          percentile(suggestions, 50) / 1e6,
          percentile(suggestions, 99) / 1e6);
    }
  }

  private static long percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
