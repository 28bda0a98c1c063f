package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.catalog.CatalogRead;
import io.parley.adapters.catalog.CatalogWrite;
import io.parley.adapters.catalog.Versioned;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.json.CatalogCodec;
import io.parley.domain.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared tier (L2) of the catalog. Redis holds each tenant's current catalog version (moved
 * forward only) and results under {@code <version>:<operation>:<HMAC-SHA256 of the parameters>}, so
 * the raw text of a search never becomes a key. A read is one round trip (a script reads the
 * version and the result for it; both keys share the tenant's hash slot); writes go to PostgreSQL,
 * then move the version here and tell the other instances ({@link Coherence}). A version that Redis
 * missed is moved forward by whichever instance applies the change log first.
 */
public final class CatalogRedisCache implements VersionedCatalog {
  /** KEYS[1] the version key; ARGV the result key around the version. Same slot by hash tag. */
  private static final String READ_CURRENT =
      """
      local version = redis.call('GET', KEYS[1])
      if not version then return {} end
      return {version, redis.call('GET', ARGV[1] .. version .. ARGV[2])}""";

  private static final String STORE =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
      redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
      return 1""";

  private static final String SHARE_VERSION =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
      return 1""";

  private static final String VERSION_TTL_SECONDS = Long.toString(Duration.ofDays(1).toSeconds());

  private final VersionedCatalog database;
  private final RedisGuard guard;
  private final Coherence coherence;
  private final Duration ttl;
  private final AdapterMetrics metrics;

  /**
   * Keys results by HMAC-SHA256 of the read under a server secret (shared by every instance), so a
   * key names no search text and cannot be computed, or probed for, without the secret.
   */
  private final ThreadLocal<Mac> keyMac;

  /** The catalog of {@code database} kept in {@code shared}. */
  public CatalogRedisCache(VersionedCatalog database, RedisSharedCache shared) {
    this(
        database,
        shared.guard(),
        shared.coherence(),
        shared.maxEntryTtl(),
        shared.metrics(),
        shared.catalogKeySecret());
  }

  public CatalogRedisCache(
      VersionedCatalog database,
      RedisGuard guard,
      Coherence coherence,
      Duration ttl,
      AdapterMetrics metrics,
      byte[] keySecret) {
    SecretKeySpec secret = new SecretKeySpec(keySecret.clone(), "HmacSHA256");
    this.keyMac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has HmacSHA256", e);
              }
            });
    this.database = database;
    this.guard = guard;
    this.coherence = coherence;
    this.ttl = ttl;
    this.metrics = metrics;
    coherence.onMissedChange(Invalidation.CATALOG, this::shareMissedVersion);
  }

  @Override
  public <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast) {
    String hash = keyed(read.operation() + "\u0000" + read.parameters());
    String suffix = ":" + read.operation() + ":" + hash;
    if (!coherence.trusted(tenant.toString()) || !guard.trusted()) {
      // Without a lease the shared version may predate a write Redis missed.
      metrics.increment("cache.catalog.l2.distrusted");
      Versioned<T> fresh = load(tenant, read, atLeast);
      store(tenant, suffix, fresh);
      return fresh;
    }
    RedisGuard.Answer<Object> answer =
        guard.call(
            redis ->
                redis.eval(
                    READ_CURRENT,
                    List.of(RedisKeys.catalogVersion(tenant)),
                    List.of(RedisKeys.catalogResultPrefix(tenant), suffix)));
    List<?> found = answer.value() instanceof List<?> list ? list : List.of();
    long version = found.isEmpty() ? -1 : Long.parseLong((String) found.get(0));
    if (version >= atLeast && found.size() > 1 && found.get(1) != null) {
      try {
        T hit = CatalogCodec.read((String) found.get(1), read.valueType(CatalogCodec.types()));
        metrics.increment("cache.catalog.l2.hits");
        return new Versioned<>(version, hit);
      } catch (IllegalArgumentException unreadable) {
        metrics.increment("cache.catalog.l2.unreadable");
      }
    }
    metrics.increment("cache.catalog.l2.misses");
    Versioned<T> fresh = load(tenant, read, Math.max(atLeast, version));
    if (answer.answered()) {
      store(tenant, suffix, fresh);
    }
    return fresh;
  }

  /** The shared version, unless Redis is distrusted, away or has none (-1: read through). */
  @Override
  public long currentVersion(TenantId tenant) {
    if (!coherence.trusted(tenant.toString()) || !guard.trusted()) {
      return -1;
    }
    RedisGuard.Answer<String> answer =
        guard.call(redis -> redis.get(RedisKeys.catalogVersion(tenant)));
    if (!answer.answered() || answer.value() == null) {
      return -1;
    }
    metrics.increment("cache.catalog.l2.versions");
    return Long.parseLong(answer.value());
  }

  private <T> Versioned<T> load(TenantId tenant, CatalogRead<T> read, long atLeast) {
    long start = System.nanoTime();
    try {
      return database.read(tenant, read, atLeast);
    } finally {
      metrics.time("catalog." + read.operation() + ".db", System.nanoTime() - start);
    }
  }

  /** Files a result under the version it was read at, and moves the shared version forward. */
  private void store(TenantId tenant, String suffix, Versioned<?> fresh) {
    String version = Long.toString(fresh.version());
    String key = RedisKeys.catalogResultPrefix(tenant) + version + suffix;
    guard.call(
        redis ->
            redis.eval(
                STORE,
                List.of(RedisKeys.catalogVersion(tenant), key),
                List.of(
                    version,
                    VERSION_TTL_SECONDS,
                    CatalogCodec.write(fresh.value()),
                    Long.toString(ttl.toMillis()))));
  }

  @Override
  public <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write) {
    Versioned<T> written = database.write(tenant, write);
    String version = Long.toString(written.version());
    boolean shared =
        guard
            .call(
                redis ->
                    redis.eval(
                        SHARE_VERSION,
                        List.of(RedisKeys.catalogVersion(tenant)),
                        List.of(version, VERSION_TTL_SECONDS)))
            .answered();
    coherence.changed(
        new Invalidation(Invalidation.CATALOG, tenant.toString(), "", written.version()), shared);
    return written;
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return database.recentlyChangedTenants(limit);
  }

  /**
   * Moves the shared version forward to a version Redis missed. Forward only, so a reader's
   * write-back of an older version it read before the write committed cannot undo it (a delete
   * could).
   */
  private boolean shareMissedVersion(Invalidation missed) {
    return guard
        .repairCall(
            redis ->
                redis.eval(
                    SHARE_VERSION,
                    List.of(RedisKeys.catalogVersion(TenantId.of(missed.tenant()))),
                    List.of(Long.toString(missed.version()), VERSION_TTL_SECONDS)))
        .answered();
  }

  private String keyed(String text) {
    return HexFormat.of().formatHex(keyMac.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
