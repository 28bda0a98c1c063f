package io.parley.adapters.postgres;

import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.RetentionStore;
import io.parley.domain.port.out.TenantRemovalStore;
import io.parley.domain.port.out.TenantStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Builds the PostgreSQL adapters of every store port over one Jdbi. */
public final class PostgresAdapters {
  private final PostgresCalls calls;

  /** Every statement on {@code jdbi}. */
  public PostgresAdapters(Jdbi jdbi) {
    this(jdbi, ReadReplicas.NONE);
  }

  /** Read-only statements of a scope go to {@code replicas} once they have replayed its writes. */
  public PostgresAdapters(Jdbi jdbi, ReadReplicas replicas) {
    this.calls = new PostgresCalls(withPlugins(jdbi), replicas);
  }

  /** The plugins every Jdbi of Parley's needs (the primary's, and each replica's). */
  public static Jdbi withPlugins(Jdbi jdbi) {
    return jdbi.installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
  }

  public TenantStore tenants() {
    return new TenantJdbiAdapter(calls);
  }

  public ApiKeyStore apiKeys() {
    return new ApiKeyJdbiAdapter(calls);
  }

  /** Keys' last-used times, buffered and written by {@link ApiKeyUsageBuffer#flush()}. */
  public ApiKeyUsageBuffer apiKeyUsage() {
    return new ApiKeyUsageBuffer(
        new ApiKeyJdbiAdapter(calls), com.github.benmanes.caffeine.cache.Ticker.systemTicker());
  }

  public ConversationStore conversations() {
    return new ConversationJdbiAdapter(calls);
  }

  public MessageStore messages() {
    return new MessageJdbiAdapter(calls);
  }

  public ConversationHistory history() {
    return new ConversationHistoryJdbiAdapter(calls);
  }

  /** The catalog with its versions, for the cache tiers to stack on. */
  public VersionedCatalog versionedCatalog() {
    return new CatalogJdbiAdapter(calls);
  }

  /** The catalog without caches. */
  public CatalogStore catalog() {
    return versionedCatalog();
  }

  /** Scans and sizes of the schema's indexes, for operations. */
  public IndexUsageReader indexUsage() {
    return new IndexUsageReader(calls);
  }

  public RetentionStore retention() {
    return new RetentionJdbiAdapter(calls);
  }

  public TenantRemovalStore tenantRemovals() {
    return new TenantRemovalJdbiAdapter(calls);
  }

  public ErasureStore erasures() {
    return new ErasureJdbiAdapter(calls);
  }

  /** Cache changes the shared tier missed, for every instance to apply (always on the primary). */
  public ChangeLog changeLog() {
    return new ChangeLogJdbiAdapter(calls.primaryOnly());
  }

  public WebhookJdbiAdapter webhooks() {
    return new WebhookJdbiAdapter(calls.primaryOnly());
  }

  public WebhookOutbox webhookOutbox() {
    return new WebhookOutbox(calls.primaryOnly());
  }

  public ReferenceContextStore referenceContexts() {
    return new ReferenceContextJdbiAdapter(calls);
  }
}
