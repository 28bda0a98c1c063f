package io.parley.domain.model;

/** Who is calling: the operator's admin key, or one tenant's key. */
public sealed interface Principal {
  /** Whether this caller may read and write the given tenant's data. */
  boolean mayAccess(TenantId tenant);

  /**
   * Whether this caller may manage keys, webhooks, settings and erasures of tenants it accesses.
   */
  boolean mayManage();

  /** The operator: may create tenants and touch every tenant. */
  record Admin() implements Principal {
    @Override
    public boolean mayAccess(TenantId tenant) {
      return true;
    }

    @Override
    public boolean mayManage() {
      return true;
    }
  }

  /** A tenant key: may touch its own tenant only, as far as its scope allows. */
  record TenantKey(TenantId tenantId, ApiKeyId keyId, ApiKeyScope scope) implements Principal {
    @Override
    public boolean mayAccess(TenantId tenant) {
      return tenantId.equals(tenant);
    }

    @Override
    public boolean mayManage() {
      return scope == ApiKeyScope.MANAGE;
    }
  }
}
