package io.parley.domain.fakes;

import io.parley.domain.contract.CatalogStoreContractTest;
import io.parley.domain.contract.ConversationStoreContractTest;
import io.parley.domain.contract.ErasureStoreContractTest;
import io.parley.domain.contract.MessageStoreContractTest;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.RetentionStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.contract.TenantRemovalStoreContractTest;
import io.parley.domain.contract.TenantStoreContractTest;
import io.parley.domain.contract.WebhookStoreContractTest;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.RetentionStore;
import io.parley.domain.port.out.TenantRemovalStore;
import io.parley.domain.port.out.WebhookStore;
import org.junit.jupiter.api.Nested;

/** The in-memory fakes keep the same contracts as the PostgreSQL adapters. */
class InMemoryContractTest {
  static Stores stores() {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    return new Stores(tenants, tenants, conversations, conversations, conversations);
  }

  @Nested
  class Tenants extends TenantStoreContractTest {
    @Override
    protected Stores stores() {
      return InMemoryContractTest.stores();
    }
  }

  @Nested
  class Conversations extends ConversationStoreContractTest {
    @Override
    protected Stores stores() {
      return InMemoryContractTest.stores();
    }
  }

  @Nested
  class ReferenceContexts extends ReferenceContextStoreContractTest {
    @Override
    protected Stores stores() {
      return InMemoryContractTest.stores();
    }

    @Override
    protected ReferenceContextStore contexts(Stores stores) {
      return new InMemoryReferenceContexts(stores.conversations());
    }
  }

  @Nested
  class Catalog extends CatalogStoreContractTest {
    @Override
    protected Stores stores() {
      return InMemoryContractTest.stores();
    }

    @Override
    protected CatalogStore catalog(Stores stores) {
      return new InMemoryCatalog(stores.tenants());
    }
  }

  @Nested
  class Messages extends MessageStoreContractTest {
    @Override
    protected Stores stores() {
      return InMemoryContractTest.stores();
    }
  }

  // The stores below share one state: each test's (a new instance of the nested class) own.

  @Nested
  class Erasures extends ErasureStoreContractTest {
    private final InMemoryStores fakes = InMemoryStores.create();

    @Override
    protected Stores stores() {
      return fakes.stores();
    }

    @Override
    protected ErasureStore erasures(Stores stores) {
      return fakes.erasures();
    }
  }

  @Nested
  class Retention extends RetentionStoreContractTest {
    private final InMemoryStores fakes = InMemoryStores.create();

    @Override
    protected Stores stores() {
      return fakes.stores();
    }

    @Override
    protected RetentionStore retention(Stores stores) {
      return fakes.retention();
    }
  }

  @Nested
  class TenantRemovals extends TenantRemovalStoreContractTest {
    private final InMemoryStores fakes = InMemoryStores.create();

    @Override
    protected Stores stores() {
      return fakes.stores();
    }

    @Override
    protected TenantRemovalStore removals(Stores stores) {
      return fakes.tenantRemovals();
    }

    @Override
    protected CatalogStore catalog(Stores stores) {
      return fakes.catalog();
    }
  }

  @Nested
  class Webhooks extends WebhookStoreContractTest {
    private final InMemoryStores fakes = InMemoryStores.create();

    @Override
    protected Stores stores() {
      return fakes.stores();
    }

    @Override
    protected WebhookStore webhooks(Stores stores) {
      return fakes.webhooks();
    }
  }
}
