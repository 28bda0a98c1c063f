package io.parley.adapters.redis;

import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
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
 * The shared tier of API keys: nothing of a key is kept in Redis (not even its hash), but a
 * revocation reaches every instance's near-cache before it is acknowledged ({@link Coherence}).
 */
public final class ApiKeyRevocationBroadcast implements ApiKeyStore {
  private final ApiKeyStore delegate;
  private final Coherence coherence;

  /** Revocations of {@code delegate}'s keys told through {@code shared}. */
  public ApiKeyRevocationBroadcast(ApiKeyStore delegate, RedisSharedCache shared) {
    this(delegate, shared.coherence());
  }

  public ApiKeyRevocationBroadcast(ApiKeyStore delegate, Coherence coherence) {
    this.delegate = delegate;
    this.coherence = coherence;
  }

  @Override
  public void create(ApiKey key, int maxLiveKeys, String actor) {
    delegate.create(key, maxLiveKeys, actor);
  }

  @Override
  public Optional<ApiKey> findActive(TenantId tenant, KeyHash hash) {
    return delegate.findActive(tenant, hash);
  }

  @Override
  public Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at, String actor) {
    Optional<KeyHash> revoked = delegate.revoke(tenant, key, at, actor);
    revoked.ifPresent(
        hash ->
            coherence.changed(
                new Invalidation(Invalidation.API_KEY, tenant.toString(), hash.hex(), 0), true));
    return revoked;
  }

  @Override
  public List<ListedApiKey> list(TenantId tenant) {
    return delegate.list(tenant);
  }

  @Override
  public List<ApiKeyEvent> events(TenantId tenant) {
    return delegate.events(tenant);
  }
}
