package io.parley.domain.fakes;

import io.parley.domain.contract.Stores;
import java.time.Clock;

/** Every in-memory store over one shared state, as one database holds them. */
public record InMemoryStores(
    InMemoryTenants tenants,
    InMemoryConversations conversations,
    InMemoryReferenceContexts referenceContexts,
    InMemoryCatalog catalog,
    InMemoryErasures erasures,
    InMemoryTenantRemovals tenantRemovals,
    InMemoryRetention retention,
    InMemoryWebhooks webhooks) {

  /** The stores; {@code clock} is the database's, for leases. */
  public static InMemoryStores create(Clock clock) {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    InMemoryReferenceContexts contexts = new InMemoryReferenceContexts(conversations);
    InMemoryCatalog catalog = new InMemoryCatalog(tenants);
    InMemoryErasures erasures = new InMemoryErasures(conversations, contexts);
    InMemoryWebhooks webhooks = new InMemoryWebhooks(tenants);
    return new InMemoryStores(
        tenants,
        conversations,
        contexts,
        catalog,
        erasures,
        new InMemoryTenantRemovals(erasures, tenants, conversations, catalog, webhooks),
        new InMemoryRetention(tenants, conversations, contexts, clock),
        webhooks);
  }

  public static InMemoryStores create() {
    return create(Clock.systemUTC());
  }

  /** The stores the contract tests and their row builders take. */
  public Stores stores() {
    return new Stores(tenants, tenants, conversations, conversations, conversations);
  }
}
