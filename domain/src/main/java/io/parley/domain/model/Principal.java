package io.parley.domain.model;

/** Who is calling: the operator's admin key, or one tenant's key. */
public sealed interface Principal {
  /** Whether this caller may read and write the given tenant's data. */
  boolean mayAccess(TenantId tenant);

  /** The operator: may create tenants and touch every tenant. */
  record Admin() implements Principal {
    @Override
    public boolean mayAccess(TenantId tenant) {
      return true;
    }
  }

  /** A tenant key: may touch its own tenant only. */
  record TenantKey(TenantId tenantId, ApiKeyId keyId) implements Principal {
    @Override
    public boolean mayAccess(TenantId tenant) {
      return tenantId.equals(tenant);
    }
  }
}
