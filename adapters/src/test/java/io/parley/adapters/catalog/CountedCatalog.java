package io.parley.adapters.catalog;

import io.parley.domain.model.TenantId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A versioned catalog that counts the reads that reach it (the database, in these tests). */
public final class CountedCatalog implements VersionedCatalog {
  private final VersionedCatalog delegate;
  private final AtomicInteger reads = new AtomicInteger();

  public CountedCatalog(VersionedCatalog delegate) {
    this.delegate = delegate;
  }

  public int reads() {
    return reads.get();
  }

  @Override
  public <T> Versioned<T> read(TenantId tenant, CatalogRead<T> read, long atLeast) {
    reads.incrementAndGet();
    return delegate.read(tenant, read, atLeast);
  }

  @Override
  public <T> Versioned<T> write(TenantId tenant, CatalogWrite<T> write) {
    return delegate.write(tenant, write);
  }

  @Override
  public List<TenantId> recentlyChangedTenants(int limit) {
    return delegate.recentlyChangedTenants(limit);
  }
}
