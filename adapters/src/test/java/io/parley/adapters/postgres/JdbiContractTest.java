package io.parley.adapters.postgres;

import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.CatalogStoreContractTest;
import io.parley.domain.contract.ConversationStoreContractTest;
import io.parley.domain.contract.MessageStoreContractTest;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.contract.TenantStoreContractTest;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ReferenceContextStore;
import org.junit.jupiter.api.Nested;

/**
 * The PostgreSQL adapters keep the store contracts, on a real PostgreSQL with the real changelog.
 */
class JdbiContractTest {
  private static final PostgresAdapters ADAPTERS =
      new PostgresAdapters(TestServers.newDatabase().jdbi());

  static Stores stores() {
    return TestServers.stores(ADAPTERS);
  }

  @Nested
  class Tenants extends TenantStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }
  }

  @Nested
  class Conversations extends ConversationStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }
  }

  @Nested
  class ReferenceContexts extends ReferenceContextStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected ReferenceContextStore contexts(Stores stores) {
      return ADAPTERS.referenceContexts();
    }
  }

  @Nested
  class Catalog extends CatalogStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected CatalogStore catalog(Stores stores) {
      return ADAPTERS.catalog();
    }
  }

  @Nested
  class Messages extends MessageStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }
  }
}
