package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.json.CatalogJson;
import io.parley.adapters.redis.Invalidation;
import io.parley.adapters.redis.InvalidationBus;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.redis.RedisKeys;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.catalog.Versioned;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalog reads cached L1 (Caffeine) -> L2 (Redis, optional) under the tenant's catalog version: a
 * write bumps the version, so every older entry becomes unreachable at once, with no scan. Each
 * instance knows a tenant's current version from its L1 (TTL-bounded), else from Redis, else from
 * the database read itself, which returns the version with the data: a cold read is one statement,
 * a warm one none. Other instances learn new versions through the invalidation bus.
 */
public final class CatalogCache implements CatalogStore {
  private static final Object ABSENT = new Object();
  private static final String SET_IF_GREATER =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
      return 1""";

  private final CatalogStore database;
  private final Cache<TenantId, Long> versions;
  private final Cache<String, Object> results;
  private final RedisGuard redis;
  private final InvalidationBus bus;
  private final Duration sharedTtl;
  private final AdapterMetrics metrics;

  /** {@code redis} and {@code bus} may be null: a single instance with L1 only. */
  public CatalogCache(
      CatalogStore database,
      NearCacheSettings settings,
      RedisGuard redis,
      InvalidationBus bus,
      Duration sharedTtl,
      AdapterMetrics metrics) {
    this.database = database;
    this.versions = settings.<TenantId, Long>builder("catalogVersions").build();
    this.results = settings.<String, Object>builder("catalog").build();
    this.redis = redis;
    this.bus = bus;
    this.sharedTtl = sharedTtl;
    this.metrics = metrics;
  }

  @Override
  public Versioned<List<UUID>> upsertProducts(
      TenantId tenant, List<ProductDraft> products, Instant now) {
    return wrote(tenant, database.upsertProducts(tenant, products, now));
  }

  @Override
  public Versioned<List<UUID>> upsertServices(
      TenantId tenant, List<ServiceDraft> services, Instant now) {
    return wrote(tenant, database.upsertServices(tenant, services, now));
  }

  @Override
  public Versioned<Boolean> deleteProduct(TenantId tenant, ProductId id) {
    return wrote(tenant, database.deleteProduct(tenant, id));
  }

  @Override
  public Versioned<Boolean> deleteService(TenantId tenant, ServiceId id) {
    return wrote(tenant, database.deleteService(tenant, id));
  }

  private <T> Versioned<T> wrote(TenantId tenant, Versioned<T> written) {
    learn(tenant, written.version());
    shareVersion(tenant, written.version());
    if (bus != null) {
      bus.publish(Invalidation.CATALOG, tenant.toString(), "", written.version());
    }
    return written;
  }

  /**
   * Tells Redis the tenant's version (never moving it back), so that instances whose L1 entry for
   * it expired learn it there rather than by reading the database.
   */
  private void shareVersion(TenantId tenant, long version) {
    if (redis != null) {
      String ttl = Long.toString(Duration.ofDays(1).toSeconds());
      redis.call(
          r ->
              r.eval(
                  SET_IF_GREATER,
                  List.of(RedisKeys.catalogVersion(tenant)),
                  List.of(Long.toString(version), ttl)));
    }
  }

  /** Moves this instance's idea of the tenant's version forward (never back). */
  public void learn(TenantId tenant, long version) {
    versions.asMap().merge(tenant, version, Math::max);
  }

  /** Forgets every version and result, e.g. when invalidations may have been missed. */
  public void clear() {
    versions.invalidateAll();
    results.invalidateAll();
  }

  @Override
  public Versioned<Product> product(TenantId tenant, ProductId id) {
    return read(
        tenant,
        "product",
        id.toString(),
        CatalogJson::product,
        p -> CatalogJson.product(p).toString(),
        () -> database.product(tenant, id));
  }

  @Override
  public Versioned<ShopService> service(TenantId tenant, ServiceId id) {
    return read(
        tenant,
        "service",
        id.toString(),
        CatalogJson::service,
        s -> CatalogJson.service(s).toString(),
        () -> database.service(tenant, id));
  }

  @Override
  public Versioned<CatalogPage<Product>> products(TenantId tenant, CatalogQuery query) {
    return read(
        tenant,
        "products",
        parameters(query),
        json -> CatalogJson.page(json.toString(), CatalogJson::product),
        page -> CatalogJson.page(page, CatalogJson::product),
        () -> database.products(tenant, query));
  }

  @Override
  public Versioned<CatalogPage<ShopService>> services(TenantId tenant, CatalogQuery query) {
    return read(
        tenant,
        "services",
        parameters(query),
        json -> CatalogJson.page(json.toString(), CatalogJson::service),
        page -> CatalogJson.page(page, CatalogJson::service),
        () -> database.services(tenant, query));
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return database.recentlyChangedTenants(limit);
  }

  @Override
  public Versioned<Suggestions> suggestions(TenantId tenant, String text, int limit) {
    String normalized = new CatalogQuery(text, false, limit, null).normalizedText();
    return read(
        tenant,
        "suggestions",
        normalized + "\u0000" + limit,
        json -> CatalogJson.suggestions(json.toString()),
        CatalogJson::suggestions,
        () -> database.suggestions(tenant, text, limit));
  }

  private <T> Versioned<T> read(
      TenantId tenant,
      String operation,
      String parameters,
      Function<com.fasterxml.jackson.databind.JsonNode, T> decode,
      Function<T, String> encode,
      Supplier<Versioned<T>> database) {
    Supplier<Versioned<T>> load =
        () -> {
          long start = System.nanoTime();
          try {
            return database.get();
          } finally {
            metrics.time("catalog." + operation + ".db", System.nanoTime() - start);
          }
        };
    return cached(tenant, operation, parameters, decode, encode, load);
  }

  private <T> Versioned<T> cached(
      TenantId tenant,
      String operation,
      String parameters,
      Function<com.fasterxml.jackson.databind.JsonNode, T> decode,
      Function<T, String> encode,
      Supplier<Versioned<T>> load) {
    String hash = sha256(operation + "\u0000" + parameters);
    Long version = knownVersion(tenant);
    if (version == null) {
      return remember(tenant, operation, hash, load.get(), encode);
    }
    String key = RedisKeys.catalogResult(tenant, version, operation, hash);
    List<Versioned<T>> newer = new java.util.ArrayList<>(1);
    // Concurrent misses on one key wait for this one load (Caffeine computes a key once).
    Object held =
        results.get(
            key,
            k ->
                shared(k, decode)
                    .orElseGet(
                        () -> {
                          Versioned<T> fresh = load.get();
                          if (fresh.version() != version) {
                            newer.add(fresh);
                            return null;
                          }
                          share(key, fresh.value(), encode);
                          return fresh.value() == null ? ABSENT : fresh.value();
                        }));
    if (held != null) {
      return new Versioned<>(version, unwrap(held));
    }
    return remember(tenant, operation, hash, newer.isEmpty() ? load.get() : newer.get(0), encode);
  }

  /**
   * Files a database read under the version it was read at, in both tiers, and shares that version:
   * a catalog written without this cache (demo-data, another service, a version key expired from
   * Redis) is otherwise unknown to Redis, and every time the L1 entry expired every concurrent read
   * went to the database (seen as bursts of 0.3-1.2 s searches every 5 s under load).
   */
  private <T> Versioned<T> remember(
      TenantId tenant,
      String operation,
      String hash,
      Versioned<T> fresh,
      Function<T, String> encode) {
    learn(tenant, fresh.version());
    shareVersion(tenant, fresh.version());
    String key = RedisKeys.catalogResult(tenant, fresh.version(), operation, hash);
    results.put(key, fresh.value() == null ? ABSENT : fresh.value());
    share(key, fresh.value(), encode);
    return fresh;
  }

  private <T> void share(String key, T value, Function<T, String> encode) {
    if (redis != null) {
      String json = value == null ? "null" : encode.apply(value);
      redis.call(r -> r.psetex(key, sharedTtl.toMillis(), json));
    }
  }

  /** The tenant's version as this instance knows it: L1, else Redis; null when neither knows. */
  private Long knownVersion(TenantId tenant) {
    Long version = versions.getIfPresent(tenant);
    if (version != null || redis == null) {
      return version;
    }
    String shared = redis.call(r -> r.get(RedisKeys.catalogVersion(tenant))).value();
    if (shared == null) {
      return null;
    }
    learn(tenant, Long.parseLong(shared));
    return versions.getIfPresent(tenant);
  }

  /** A result from Redis, if it has one (L2 hit). */
  private <T> java.util.Optional<Object> shared(
      String key, Function<com.fasterxml.jackson.databind.JsonNode, T> decode) {
    if (redis == null) {
      return java.util.Optional.empty();
    }
    String json = redis.call(r -> r.get(key)).value();
    if (json == null) {
      metrics.increment("cache.catalog.l2.misses");
      return java.util.Optional.empty();
    }
    metrics.increment("cache.catalog.l2.hits");
    return java.util.Optional.of(
        json.equals("null") ? ABSENT : decode.apply(CatalogJson.parse(json)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T unwrap(Object held) {
    return held == ABSENT ? null : (T) held;
  }

  /** Everything a listing depends on, normalized: equal queries hash equal, others never. */
  private static String parameters(CatalogQuery query) {
    CatalogQuery.Position after = query.after();
    return String.join(
        "\u0000",
        query.normalizedText(),
        Boolean.toString(query.inStockOnly()),
        Integer.toString(query.limit()),
        after == null ? "-" : after.score() + "/" + after.createdAt() + "/" + after.id());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
