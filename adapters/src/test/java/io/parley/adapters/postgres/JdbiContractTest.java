package io.parley.adapters.postgres;

import io.parley.adapters.testing.TestServers;
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
  class Erasures extends ErasureStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected ErasureStore erasures(Stores stores) {
      return ADAPTERS.erasures();
    }
  }

  @Nested
  class Retention extends RetentionStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected RetentionStore retention(Stores stores) {
      return ADAPTERS.retention();
    }
  }

  @Nested
  class TenantRemovals extends TenantRemovalStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected TenantRemovalStore removals(Stores stores) {
      return ADAPTERS.tenantRemovals();
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

  @Nested
  class Webhooks extends WebhookStoreContractTest {
    @Override
    protected Stores stores() {
      return JdbiContractTest.stores();
    }

    @Override
    protected WebhookStore webhooks(Stores stores) {
      return ADAPTERS.webhooks();
    }
  }
}
