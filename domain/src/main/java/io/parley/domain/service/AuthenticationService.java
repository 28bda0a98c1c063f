package io.parley.domain.service;

import io.parley.domain.model.ApiKeySecret;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.Principal;
import io.parley.domain.port.in.AuthenticateUseCase;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ApiKeyUsage;
import java.time.Clock;
import java.util.Optional;

/** Checks bearer keys: the admin key by constant-time hash comparison, tenant keys by lookup. */
public final class AuthenticationService implements AuthenticateUseCase {
  private static final int MAX_KEY_LENGTH = 256;
  private final KeyHash adminKeyHash;
  private final ApiKeyStore keys;
  private final ApiKeyUsage usage;
  private final Clock clock;

  public AuthenticationService(String adminKey, ApiKeyStore keys) {
    this(adminKey, keys, ApiKeyUsage.NONE, Clock.systemUTC());
  }

  /** Also notes each key's use (the store writes it later, off the request path). */
  public AuthenticationService(String adminKey, ApiKeyStore keys, ApiKeyUsage usage, Clock clock) {
    if (adminKey == null || adminKey.length() < 16) {
      throw new IllegalArgumentException("the admin key must have at least 16 characters");
    }
    this.adminKeyHash = KeyHash.of(adminKey);
    this.keys = keys;
    this.usage = usage;
    this.clock = clock;
  }

  @Override
  public Optional<Principal> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    KeyHash hash = KeyHash.of(presentedKey);
    if (adminKeyHash.matches(hash)) {
      return Optional.of(new Principal.Admin());
    }
    return ApiKeySecret.tenantOf(presentedKey)
        .flatMap(tenant -> keys.findActive(tenant, hash))
        .map(
            key -> {
              usage.used(key.tenantId(), key.id(), clock.instant());
              return new Principal.TenantKey(key.tenantId(), key.id(), key.scope());
            });
  }
}
