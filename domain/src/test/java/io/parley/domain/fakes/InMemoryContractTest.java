package io.parley.domain.fakes;

import io.parley.domain.contract.CatalogStoreContractTest;
import io.parley.domain.contract.ConversationStoreContractTest;
import io.parley.domain.contract.MessageStoreContractTest;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.contract.TenantStoreContractTest;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ReferenceContextStore;
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
}
