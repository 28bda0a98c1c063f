package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.LoadingCache;
import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Caches key lookups (unknown keys too, so a flood of bad keys does not reach the database).
 * Entries are keyed by the key's hash, never the key. Issuing or revoking a key drops its entry
 * here at once, and other instances' before the revocation is acknowledged ({@link Coherence});
 * without a lease every look-up reads the store.
 */
public final class ApiKeyNearCache implements ApiKeyStore {
  private final ApiKeyStore delegate;
  private final Coherence coherence;
  private final LoadingCache<Entry, Optional<ApiKey>> cache;

  public ApiKeyNearCache(ApiKeyStore delegate, NearCacheSettings settings, Coherence coherence) {
    this.delegate = delegate;
    this.coherence = coherence;
    this.cache =
        settings
            .<Entry, Optional<ApiKey>>refreshingBuilder("apiKeys")
            .build(
                (RefreshAhead.Loader<Entry, Optional<ApiKey>>)
                    entry -> delegate.findActive(entry.tenant(), entry.hash()));
    coherence.onChange(
        Invalidation.API_KEY,
        change -> invalidate(TenantId.of(change.tenant()), new KeyHash(change.subject())));
    coherence.onChange(Invalidation.TENANT, change -> dropTenant(TenantId.of(change.tenant())));
    coherence.onForgetAll(this::invalidateAll);
  }

  @Override
  public void create(ApiKey key, int maxLiveKeys, String actor) {
    delegate.create(key, maxLiveKeys, actor);
    cache.invalidate(new Entry(key.tenantId(), key.hash()));
  }

  @Override
  public Optional<ApiKey> findActive(TenantId tenant, KeyHash hash) {
    if (!coherence.trusted()) {
      return delegate.findActive(tenant, hash);
    }
    // Caffeine loads a missing entry inside the map's compute, so a revocation heard meanwhile
    // waits for the load and then drops what it loaded; a reload ahead of the TTL that a
    // revocation overtakes is discarded.
    return cache.get(new Entry(tenant, hash));
  }

  @Override
  public Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at, String actor) {
    Optional<KeyHash> revoked = delegate.revoke(tenant, key, at, actor);
    revoked.ifPresent(hash -> invalidate(tenant, hash));
    return revoked;
  }

  /** Listing reads the store: it carries last-used times, which this cache does not hold. */
  @Override
  public List<ListedApiKey> list(TenantId tenant) {
    return delegate.list(tenant);
  }

  @Override
  public List<ApiKeyEvent> events(TenantId tenant) {
    return delegate.events(tenant);
  }

  /** Drops one key's entry (another instance revoked it). */
  public void invalidate(TenantId tenant, KeyHash hash) {
    cache.invalidate(new Entry(tenant, hash));
  }

  /** Drops every entry, e.g. when invalidations may have been missed. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private record Entry(TenantId tenant, KeyHash hash) {}

  /** How long ago the key's entry was loaded, if one is held; for tests. */
  Optional<java.time.Duration> ageOf(TenantId tenant, KeyHash hash) {
    return cache.policy().expireAfterWrite().flatMap(e -> e.ageOf(new Entry(tenant, hash)));
  }

  /** Drops every entry of a removed tenant. */
  public void dropTenant(TenantId tenant) {
    cache.asMap().keySet().removeIf(entry -> entry.tenant().equals(tenant));
  }
}
