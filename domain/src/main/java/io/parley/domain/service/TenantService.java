package io.parley.domain.service;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ApiKeySecret;
import io.parley.domain.model.Ids;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Principal;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.in.ConfigureTenantUseCase;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.ManageApiKeysUseCase;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Creates tenants and issues and revokes their API keys. */
public final class TenantService
    implements CreateTenantUseCase,
        ManageApiKeysUseCase,
        ConfigureTenantUseCase,
        io.parley.domain.port.in.LimitTenantUseCase {
  private final TenantStore tenants;
  private final ApiKeyStore keys;
  private final Clock clock;
  private final int maxKeysPerTenant;

  /** At most {@link #DEFAULT_MAX_KEYS_PER_TENANT} live keys per tenant. */
  public TenantService(TenantStore tenants, ApiKeyStore keys, Clock clock) {
    this(tenants, keys, clock, DEFAULT_MAX_KEYS_PER_TENANT);
  }

  public TenantService(TenantStore tenants, ApiKeyStore keys, Clock clock, int maxKeysPerTenant) {
    this.tenants = tenants;
    this.keys = keys;
    this.clock = clock;
    this.maxKeysPerTenant = maxKeysPerTenant;
  }

  /** The contract's default for {@code keys.maxPerTenant}. */
  public static final int DEFAULT_MAX_KEYS_PER_TENANT = 50;

  @Override
  public CreatedTenant create(CreateTenantUseCase.Command command) {
    Instant now = now();
    Tenant tenant = new Tenant(new TenantId(Ids.next(clock)), command.name(), command.slug(), now);
    // The first key, like every key issued before scopes existed, may manage its tenant.
    IssuedKey key = newKey(tenant.id(), "default", ApiKeyScope.MANAGE, now);
    tenants.create(tenant, key.key());
    return new CreatedTenant(tenant, key);
  }

  @Override
  public IssuedKey issue(TenantId tenant, String name, ApiKeyScope scope, Principal by) {
    IssuedKey key = newKey(tenant, name, scope, now());
    keys.create(key.key(), maxKeysPerTenant, ApiKeyEvent.actor(by));
    return key;
  }

  @Override
  public void revoke(TenantId tenant, ApiKeyId key, Principal by) {
    if (keys.revoke(tenant, key, now(), ApiKeyEvent.actor(by)).isEmpty()) {
      throw new NotFoundException("API key");
    }
  }

  @Override
  public List<ListedApiKey> list(TenantId tenant) {
    if (tenants.find(tenant).isEmpty()) {
      throw new NotFoundException("tenant");
    }
    return keys.list(tenant);
  }

  private IssuedKey newKey(TenantId tenant, String name, ApiKeyScope scope, Instant now) {
    String secret = ApiKeySecret.generate(tenant);
    ApiKey key =
        new ApiKey(new ApiKeyId(Ids.next(clock)), tenant, name, scope, KeyHash.of(secret), now);
    return new IssuedKey(key, secret);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public java.util.Optional<Integer> requestsPerSecond(TenantId tenant) {
    return tenants.requestsPerSecond(tenant).orElseThrow(() -> new NotFoundException("tenant"));
  }

  @Override
  public void limit(TenantId tenant, Integer requestsPerSecond) {
    if (requestsPerSecond != null
        && (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND)) {
      throw new io.parley.domain.model.InvalidInputException(
          "requestsPerSecond", "must be from 1 to " + MAX_REQUESTS_PER_SECOND + ", or null");
    }
    if (!tenants.saveRequestsPerSecond(tenant, requestsPerSecond)) {
      throw new NotFoundException("tenant");
    }
  }

  @Override
  public TenantSettings settings(TenantId tenant) {
    return tenants.settings(tenant).orElseThrow(() -> new NotFoundException("tenant"));
  }

  @Override
  public TenantSettings update(TenantId tenant, Map<String, Integer> changes) {
    TenantSettings updated = settings(tenant).with(changes);
    if (!tenants.saveSettings(tenant, updated)) {
      throw new NotFoundException("tenant");
    }
    return updated;
  }
}
