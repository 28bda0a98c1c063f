package io.parley.domain.port.in;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.Principal;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Issues, lists and revokes a tenant's API keys; each issue and revocation is audited. */
public interface ManageApiKeysUseCase {
  /** Issues a key, within the tenant's limit of live keys; {@code by} is recorded. */
  IssuedKey issue(TenantId tenant, String name, ApiKeyScope scope, Principal by);

  /** Revokes the key at once on this instance (others follow within the near-cache bound). */
  void revoke(TenantId tenant, ApiKeyId key, Principal by);

  /** The tenant's live keys (never a secret), oldest first. */
  List<ListedApiKey> list(TenantId tenant);

  /** A stored key and its secret text, returned only when issued. */
  record IssuedKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "IssuedKey[" + key.id() + "]";
    }
  }
}
