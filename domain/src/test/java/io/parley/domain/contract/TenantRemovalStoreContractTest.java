package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.TenantRemovalStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every TenantRemovalStore must do: resumable, in bounded steps, one tenant only. */
public abstract class TenantRemovalStoreContractTest {
  protected abstract Stores stores();

  protected abstract TenantRemovalStore removals(Stores stores);

  /** The catalog of the same stores: a removal deletes it too. */
  protected abstract CatalogStore catalog(Stores stores);

  private Stores stores;
  private TenantRemovalStore removals;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    stores = stores();
    removals = removals(stores);
    tenant = stores.newTenant();
  }

  private static UUID newId() {
    return Ids.next(Clock.systemUTC());
  }

  @Test
  void anUnknownTenantCannotBeRemoved() {
    TenantId unknown = new TenantId(newId());
    assertThat(removals.begin(unknown, "tenant-subject-0", newId(), Stores.now())).isEmpty();
  }

  @Test
  void aRemovalResumesDeletesInStepsAndRemovesTheTenantLast() {
    ConversationId first = stores.newConversation(tenant, "+254700000301");
    ConversationId second = stores.newConversation(tenant, "+254700000302");
    catalog(stores)
        .upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(CatalogStoreContractTest.product("a", "Shoe", 1, true)),
            Stores.now());
    TenantId other = stores.newTenant();
    ConversationId others = stores.newConversation(other, "+254700000303");

    Erasure running =
        removals.begin(tenant, "tenant-subject-1", newId(), Stores.now()).orElseThrow();
    Erasure again = removals.begin(tenant, "tenant-subject-1", newId(), Stores.now()).orElseThrow();

    assertThat(running.kind()).isEqualTo(Erasure.Kind.TENANT);
    assertThat(running.completed()).isFalse();
    assertThat(again.id()).isEqualTo(running.id());
    assertThat(stores.tenants().find(tenant)).as("marked removed: no longer served").isEmpty();
    assertThat(removals.find(tenant, running.id())).contains(running);
    assertThat(removals.find(other, running.id())).isEmpty();
    assertThat(removals.running()).contains(new TenantRemovalStore.Running(tenant, running.id()));
    assertThat(removals.activeKeys(tenant)).hasSize(1);
    assertThat(removals.conversations(tenant, 1)).hasSize(1);
    List<ConversationId> conversations = removals.conversations(tenant, 10);
    assertThat(conversations).containsExactlyInAnyOrder(first, second);

    assertThat(removals.deleteConversations(tenant, running.id(), conversations)).isEqualTo(2);
    int deleted = removals.deleteRest(tenant, 1);
    assertThat(deleted).isEqualTo(1);
    while (deleted > 0) {
      deleted = removals.deleteRest(tenant, 1);
    }
    Erasure completed = removals.complete(tenant, running.id(), Stores.now());

    assertThat(completed.completed()).isTrue();
    assertThat(completed.conversations()).isEqualTo(2);
    assertThat(removals.running())
        .doesNotContain(new TenantRemovalStore.Running(tenant, running.id()));
    assertThat(removals.conversations(tenant, 10)).isEmpty();
    assertThat(stores.conversations().find(other, others)).as("another tenant's").isPresent();
  }
}
