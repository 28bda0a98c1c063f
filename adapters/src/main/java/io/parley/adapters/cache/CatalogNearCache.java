package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.parley.adapters.catalog.CatalogRead;
import io.parley.adapters.catalog.CatalogWrite;
import io.parley.adapters.catalog.Versioned;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.domain.model.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process tier (L1) of the catalog: results filed under the tenant's catalog version, which
 * this instance learns from its own writes, from the invalidation bus ({@link #learn}) and from
 * every read. A write elsewhere therefore retires every older entry at once, with no scan. Only the
 * versions expire with the near-cache TTL (the bound on a lost invalidation); a result filed under
 * a version never changes, so it stays while it is used, and a version learned again from Redis
 * finds it (a GET of the version instead of the whole result, read and decoded, every TTL).
 * Concurrent misses for one result load once (Caffeine computes each key once).
 */
public final class CatalogNearCache implements VersionedCatalog {
  private static final Object ABSENT = new Object();

  private final VersionedCatalog delegate;
  private final Coherence coherence;
  private final LoadingCache<TenantId, Long> versions;
  private final Cache<Entry, Object> results;

  public CatalogNearCache(
      VersionedCatalog delegate, NearCacheSettings settings, Coherence coherence) {
    this.delegate = delegate;
    this.coherence = coherence;
    this.versions =
        settings
            .<TenantId, Long>refreshingBuilder("catalogVersions")
            .build(
                new RefreshAhead.Loader<>() {
                  @Override
                  public Long load(TenantId tenant) {
                    long current = delegate.currentVersion(tenant);
                    return current < 0 ? null : current;
                  }

                  /**
                   * Ahead of the TTL: never backwards (a version learned stays learned), also when
                   * the shared tier knows none (a tenant without a catalog there): dropping it then
                   * sent every read of the tenant to the tiers below at once, a stall every 3.75 s
                   * (bench/tail.sh). Changes made through Parley still reach it by the lease.
                   */
                  @Override
                  public Long reload(TenantId tenant, Long learned) {
                    return Math.max(learned, delegate.currentVersion(tenant));
                  }
                });
    this.results = settings.<Entry, Object>keptWhileUsedBuilder("catalog").build();
    coherence.onChange(
        Invalidation.CATALOG, change -> learn(TenantId.of(change.tenant()), change.version()));
    coherence.onChange(Invalidation.TENANT, change -> dropTenant(TenantId.of(change.tenant())));
    coherence.onForgetAll(this::clear);
  }

  @Override
  public <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast) {
    if (!coherence.trusted()) {
      return delegate.read(tenant, read, atLeast); // no lease: what is held may be behind
    }
    Long learned = versions.getIfPresent(tenant);
    if (learned == null && atLeast == 0) {
      long current = delegate.currentVersion(tenant);
      if (current < 0) {
        return remember(tenant, read, delegate.read(tenant, read, 0));
      }
      learn(tenant, current);
      learned = current;
    }
    long known = learned == null ? atLeast : Math.max(learned, atLeast);
    List<Versioned<T>> newer = new ArrayList<>(1);
    Object held =
        results.get(
            new Entry(tenant, known, read.operation(), read.parameters()),
            entry -> {
              Versioned<T> fresh = delegate.read(tenant, read, known);
              if (fresh.version() != known) {
                newer.add(fresh);
                return null;
              }
              return fresh.value() == null ? ABSENT : fresh.value();
            });
    if (held != null) {
      return new Versioned<>(known, unwrap(held));
    }
    return remember(
        tenant, read, newer.isEmpty() ? delegate.read(tenant, read, known) : newer.get(0));
  }

  @Override
  public <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write) {
    Versioned<T> written = delegate.write(tenant, write);
    learn(tenant, written.version());
    return written;
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return delegate.recentlyChangedTenants(limit);
  }

  /** Moves this instance's idea of the tenant's version forward (never back). */
  public void learn(TenantId tenant, long version) {
    versions.asMap().merge(tenant, version, Math::max);
  }

  /** Forgets every version and result: after a reconnect, invalidations may have been missed. */
  public void clear() {
    versions.invalidateAll();
    results.invalidateAll();
  }

  private <T> Versioned<T> remember(TenantId tenant, CatalogRead<T> read, Versioned<T> fresh) {
    learn(tenant, fresh.version());
    results.put(
        new Entry(tenant, fresh.version(), read.operation(), read.parameters()),
        fresh.value() == null ? ABSENT : fresh.value());
    return fresh;
  }

  @SuppressWarnings("unchecked")
  private static <T> T unwrap(Object held) {
    return held == ABSENT ? null : (T) held;
  }

  private record Entry(TenantId tenant, long version, String operation, String parameters) {}

  /** Drops every entry of a removed tenant. */
  public void dropTenant(TenantId tenant) {
    versions.invalidate(tenant);
    results.asMap().keySet().removeIf(entry -> entry.tenant().equals(tenant));
  }
}
