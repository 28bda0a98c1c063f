package io.parley.adapters.catalog;

import io.parley.domain.model.TenantId;
import java.util.List;

/**
 * The catalog as its tiers pass it along (near-cache -> Redis -> PostgreSQL): every read and write
 * carries the tenant's catalog version, so each tier can file values under it. The domain sees the
 * plain {@link io.parley.domain.port.out.CatalogStore} of {@link VersionedCatalogStore}.
 */
public interface VersionedCatalog {
  /**
   * Reads at the tenant's current version; a tier that knows only versions older than {@code
   * atLeast} passes the read on rather than answer from them.
   */
  <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast);

  <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write);

  /**
   * The tenant's current catalog version as this tier knows it cheaply, or -1 when it does not (a
   * read then learns it).
   */
  default long currentVersion(TenantId tenant) {
    return -1;
  }

  List<TenantId> recentlyChangedTenants(int limit);
}
