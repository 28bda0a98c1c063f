package io.parley.adapters.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys' last-used times, noted on the request path in memory only and written by {@link #flush()}
 * from a background thread: at most one write per key per minute from this instance (and the
 * statement itself skips rows written less than a minute ago by any instance).
 */
public final class ApiKeyUsageBuffer implements ApiKeyUsage {
  private static final Duration EVERY = Duration.ofMinutes(1);
  private final ApiKeyJdbiAdapter keys;
  private final Cache<ApiKeyId, Boolean> noted;
  private final Map<ApiKeyId, ApiKeyJdbiAdapter.KeyUse> pending = new ConcurrentHashMap<>();

  public ApiKeyUsageBuffer(ApiKeyJdbiAdapter keys, Ticker ticker) {
    this.keys = keys;
    this.noted =
        Caffeine.newBuilder().expireAfterWrite(EVERY).maximumSize(1_000_000).ticker(ticker).build();
  }

  @Override
  public void used(TenantId tenant, ApiKeyId key, Instant at) {
    if (noted.getIfPresent(key) != null) {
      return;
    }
    noted.put(key, Boolean.TRUE);
    pending.put(key, new ApiKeyJdbiAdapter.KeyUse(tenant, key, at));
  }

  /** Writes the uses noted since the last flush in one statement; returns how many. */
  public int flush() {
    List<ApiKeyJdbiAdapter.KeyUse> uses = new ArrayList<>();
    for (ApiKeyId key : List.copyOf(pending.keySet())) {
      ApiKeyJdbiAdapter.KeyUse use = pending.remove(key);
      if (use != null) {
        uses.add(use);
      }
    }
    keys.recordUses(uses);
    return uses.size();
  }
}
