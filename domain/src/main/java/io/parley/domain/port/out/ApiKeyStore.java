package io.parley.domain.port.out;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Stores API keys by the hash of the key; looks up the active key a caller presents. */
public interface ApiKeyStore {
  /**
   * Stores a new key.
   *
   * @throws NotFoundException when the tenant does not exist
   */
  void create(ApiKey key);

  /** The active (not revoked) key of this tenant with this hash. */
  Optional<ApiKey> findActive(TenantId tenant, KeyHash hash);

  /** Revokes a key and returns its hash; empty when the tenant has no such active key. */
  Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at);
}
