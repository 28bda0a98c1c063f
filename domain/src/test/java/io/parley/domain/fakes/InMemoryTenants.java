package io.parley.domain.fakes;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory tenants and API keys, behaving as the PostgreSQL adapters do. */
public final class InMemoryTenants implements TenantStore, ApiKeyStore {
  private final Map<TenantId, Tenant> tenants = new HashMap<>();
  private final Map<ApiKeyId, ApiKey> keys = new HashMap<>();
  private final Set<ApiKeyId> revoked = new HashSet<>();
  private final Map<TenantId, TenantSettings> settings = new HashMap<>();
  private final Map<TenantId, List<ApiKeyEvent>> events = new HashMap<>();
  private final Set<TenantId> removed = new HashSet<>();
  private int lookups;

  @Override
  public synchronized void create(Tenant tenant, ApiKey firstKey) {
    if (tenants.values().stream().anyMatch(t -> t.slug().equals(tenant.slug()))) {
      throw new ConflictException("slug '" + tenant.slug() + "' is taken");
    }
    tenants.put(tenant.id(), tenant);
    keys.put(firstKey.id(), firstKey);
    audit(
        firstKey.tenantId(), firstKey.id(), ApiKeyEvent.Kind.ISSUED, "admin", firstKey.createdAt());
  }

  @Override
  public synchronized Optional<Tenant> find(TenantId id) {
    return Optional.ofNullable(tenants.get(id)).filter(t -> live(id));
  }

  /** Stored and not marked removed: a removed tenant is no longer served, but keeps its slug. */
  private boolean live(TenantId id) {
    return tenants.containsKey(id) && !removed.contains(id);
  }

  @Override
  public synchronized void create(ApiKey key, int maxLiveKeys, String actor) {
    if (!live(key.tenantId())) {
      throw new NotFoundException("tenant");
    }
    if (list(key.tenantId()).size() >= maxLiveKeys) {
      throw ApiKeyStore.limitReached(maxLiveKeys);
    }
    keys.put(key.id(), key);
    audit(key.tenantId(), key.id(), ApiKeyEvent.Kind.ISSUED, actor, key.createdAt());
  }

  @Override
  public synchronized List<ListedApiKey> list(TenantId tenant) {
    return keys.values().stream()
        .filter(k -> k.tenantId().equals(tenant) && !revoked.contains(k.id()))
        .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(k -> k.id().value()))
        .map(k -> new ListedApiKey(k, null))
        .toList();
  }

  @Override
  public synchronized List<ApiKeyEvent> events(TenantId tenant) {
    return List.copyOf(events.getOrDefault(tenant, List.of()));
  }

  private void audit(
      TenantId tenant, ApiKeyId key, ApiKeyEvent.Kind kind, String actor, Instant at) {
    events
        .computeIfAbsent(tenant, t -> new ArrayList<>())
        .add(new ApiKeyEvent(key, kind, actor, at));
  }

  @Override
  public synchronized Optional<ApiKey> findActive(TenantId tenant, KeyHash hash) {
    lookups++;
    return keys.values().stream()
        .filter(k -> k.tenantId().equals(tenant) && k.hash().equals(hash))
        .filter(k -> !revoked.contains(k.id()))
        .findFirst();
  }

  @Override
  public synchronized Optional<KeyHash> revoke(
      TenantId tenant, ApiKeyId id, Instant at, String actor) {
    ApiKey key = keys.get(id);
    if (key == null || !key.tenantId().equals(tenant) || !revoked.add(id)) {
      return Optional.empty();
    }
    audit(tenant, id, ApiKeyEvent.Kind.REVOKED, actor, at);
    return Optional.of(key.hash());
  }

  /** How many times {@link #findActive} ran: what a cache in front of this store saves. */
  public synchronized int lookups() {
    return lookups;
  }

  @Override
  public synchronized Optional<TenantSettings> settings(TenantId id) {
    return live(id)
        ? Optional.of(settings.getOrDefault(id, TenantSettings.NONE))
        : Optional.empty();
  }

  private final Map<TenantId, Integer> limits = new HashMap<>();

  @Override
  public synchronized Optional<Optional<Integer>> requestsPerSecond(TenantId id) {
    return live(id) ? Optional.of(Optional.ofNullable(limits.get(id))) : Optional.empty();
  }

  @Override
  public synchronized boolean saveRequestsPerSecond(TenantId id, Integer requestsPerSecond) {
    if (!live(id)) {
      return false;
    }
    limits.put(id, requestsPerSecond);
    return true;
  }

  @Override
  public synchronized boolean saveSettings(TenantId id, TenantSettings changed) {
    if (!live(id)) {
      return false;
    }
    settings.put(id, changed);
    return true;
  }

  /** Every stored tenant (removed ones too, until deleted) with its settings, by id. */
  synchronized Map<TenantId, TenantSettings> allSettings() {
    Map<TenantId, TenantSettings> all =
        new java.util.TreeMap<>(Comparator.comparing(TenantId::value));
    tenants.keySet().forEach(id -> all.put(id, settings.getOrDefault(id, TenantSettings.NONE)));
    return all;
  }

  /** Marks the tenant removed; false when there is no such tenant. */
  synchronized boolean markRemoved(TenantId id) {
    if (!tenants.containsKey(id)) {
      return false;
    }
    removed.add(id);
    return true;
  }

  /** Deletes up to {@code limit} of the tenant's keys and key events; how many. */
  synchronized int deleteKeys(TenantId tenant, int limit) {
    List<ApiKeyEvent> audit = events.getOrDefault(tenant, new ArrayList<>());
    int fromEvents = Math.min(limit, audit.size());
    audit.subList(0, fromEvents).clear();
    List<ApiKeyId> theirs =
        keys.values().stream()
            .filter(k -> k.tenantId().equals(tenant))
            .map(ApiKey::id)
            .limit((long) limit - fromEvents)
            .toList();
    theirs.forEach(
        id -> {
          keys.remove(id);
          revoked.remove(id);
        });
    return fromEvents + theirs.size();
  }

  /** Deletes the tenant row, which frees its slug. */
  synchronized void delete(TenantId id) {
    tenants.remove(id);
    removed.remove(id);
    settings.remove(id);
    limits.remove(id);
    events.remove(id);
  }
}
