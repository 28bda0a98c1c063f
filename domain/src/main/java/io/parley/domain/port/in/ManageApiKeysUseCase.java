package io.parley.domain.port.in;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.TenantId;

/** Issues and revokes a tenant's API keys. */
public interface ManageApiKeysUseCase {
  IssuedKey issue(TenantId tenant, String name);

  /** Revokes the key at once on this instance (others follow within the near-cache bound). */
  void revoke(TenantId tenant, ApiKeyId key);

  /** A stored key and its secret text, returned only when issued. */
  record IssuedKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "IssuedKey[" + key.id() + "]";
    }
  }
}
