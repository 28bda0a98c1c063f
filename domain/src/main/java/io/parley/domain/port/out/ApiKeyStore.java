package io.parley.domain.port.out;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores API keys by the hash of the key; looks up the active key a caller presents. Every issue
 * and revocation leaves an audit event, written with the change.
 */
public interface ApiKeyStore {
  /**
   * Stores a new key unless the tenant already has {@code maxLiveKeys} live keys.
   *
   * @param actor who issued it, as {@link ApiKeyEvent#actor} names callers
   * @throws NotFoundException when the tenant does not exist
   * @throws InvalidInputException naming {@code keys.maxPerTenant} when the tenant is at the limit
   */
  void create(ApiKey key, int maxLiveKeys, String actor);

  /** The active (not revoked) key of this tenant with this hash. */
  Optional<ApiKey> findActive(TenantId tenant, KeyHash hash);

  /** Revokes a key and returns its hash; empty when the tenant has no such active key. */
  Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at, String actor);

  /** The tenant's live keys, oldest first. */
  List<ListedApiKey> list(TenantId tenant);

  /** The tenant's key audit trail, oldest first. */
  List<ApiKeyEvent> events(TenantId tenant);

  /** The refusal of a key past the tenant's limit. */
  static InvalidInputException limitReached(int maxLiveKeys) {
    return new InvalidInputException(
        "keys.maxPerTenant",
        "reached: a tenant has at most " + maxLiveKeys + " live API keys; revoke one first");
  }
}
