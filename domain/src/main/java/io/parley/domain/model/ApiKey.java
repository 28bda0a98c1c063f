package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's API key as stored: its name, scope and the SHA-256 of the key, never the key itself.
 */
public record ApiKey(
    ApiKeyId id,
    TenantId tenantId,
    String name,
    ApiKeyScope scope,
    KeyHash hash,
    Instant createdAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(createdAt, "createdAt");
    Texts.require("name", name, 200);
  }
}
