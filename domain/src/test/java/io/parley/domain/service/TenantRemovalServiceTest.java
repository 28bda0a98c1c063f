package io.parley.domain.service;

import static io.parley.domain.contract.CatalogStoreContractTest.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Removing a tenant against the in-memory stores; the background runs when a test says so. */
class TenantRemovalServiceTest {
  private final InMemoryStores fakes = InMemoryStores.create();
  private final Stores stores = fakes.stores();
  private final List<Runnable> background = new ArrayList<>();
  private final List<TenantId> cachesForgot = new ArrayList<>();
  private boolean cachesDown;
  private final TenantRemovalService service =
      new TenantRemovalService(
          fakes.tenantRemovals(),
          fakes.erasures(),
          fakes.tenants(),
          tenant -> {
            if (cachesDown) {
              throw new IllegalStateException("Redis is down");
            }
            cachesForgot.add(tenant);
          },
          background::add,
          Clock.systemUTC(),
          2);
  private final TenantId tenant = stores.newTenant();

  private ConversationId conversationWithMessages(TenantId owner, String address, int messages) {
    ConversationId id = stores.newConversation(owner, address);
    for (int i = 0; i < messages; i++) {
      stores.messages().append(owner, Stores.message(id, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    return id;
  }

  private void runBackground() {
    List<Runnable> due = new ArrayList<>(background);
    background.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void theTenantStopsAtOnceAndItsRowsGoInTheBackground() {
    ConversationId first = conversationWithMessages(tenant, "+254700000501", 3);
    conversationWithMessages(tenant, "+254700000502", 2);
    fakes.tenants().create(Stores.newKey(tenant, "second"), 10, "admin");
    String slug = fakes.tenants().find(tenant).orElseThrow().slug();

    Erasure running = service.remove(tenant);

    assertThat(running.completed()).isFalse();
    assertThat(fakes.tenants().find(tenant)).isEmpty();
    assertThat(fakes.tenants().list(tenant)).as("every key revoked at once").isEmpty();
    assertThat(stores.conversations().find(tenant, first)).as("not yet").isPresent();

    runBackground();

    Erasure done = service.removal(tenant, running.id());
    assertThat(done.completed()).isTrue();
    assertThat(done.conversations()).isEqualTo(2);
    assertThat(done.messages()).isEqualTo(5);
    assertThat(stores.conversations().find(tenant, first)).isEmpty();
    assertThat(cachesForgot).containsExactly(tenant);
    TenantId successor = new TenantId(Ids.next(Clock.systemUTC()));
    fakes
        .tenants()
        .create(new Tenant(successor, "Again", slug, Stores.now()), Stores.newKey(successor, "x"));
    assertThat(fakes.tenants().find(successor)).as("the slug is free again").isPresent();
  }

  @Test
  void theCatalogGoesAndAnotherTenantKeepsEverything() {
    fakes
        .catalog()
        .upsert(tenant, CatalogKind.PRODUCTS, List.of(product("a", "Shoe", 1, true)), Stores.now());
    TenantId other = stores.newTenant();
    ConversationId others = conversationWithMessages(other, "+254700000503", 1);
    fakes
        .catalog()
        .upsert(other, CatalogKind.PRODUCTS, List.of(product("b", "Bag", 1, true)), Stores.now());

    service.remove(tenant);
    runBackground();

    CatalogQuery all = new CatalogQuery(null, false, 10, null);
    assertThat(fakes.catalog().list(tenant, CatalogKind.PRODUCTS, all).items()).isEmpty();
    assertThat(fakes.catalog().list(other, CatalogKind.PRODUCTS, all).items()).hasSize(1);
    assertThat(stores.conversations().find(other, others)).isPresent();
    assertThat(fakes.tenants().find(other)).isPresent();
  }

  @Test
  void askingAgainStartsNoSecondRunAndAfterwardsAnswersTheCompletedRemoval() {
    Erasure first = service.remove(tenant);
    Erasure again = service.remove(tenant);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(background).hasSize(1);
    runBackground();
    Erasure completed = service.remove(tenant);
    assertThat(completed.id()).isEqualTo(first.id());
    assertThat(completed.completed()).isTrue();
    assertThat(background).isEmpty();
  }

  @Test
  void aRemovalCutShortIsResumedAndFinished() {
    conversationWithMessages(tenant, "+254700000504", 3);
    Erasure running = service.remove(tenant);
    cachesDown = true;
    runBackground(); // stops at the caches: the removal stays running

    assertThat(service.removal(tenant, running.id()).completed()).isFalse();
    cachesDown = false;
    service.resumeRunning();
    runBackground();

    assertThat(service.removal(tenant, running.id()).completed()).isTrue();
    assertThat(service.removal(tenant, running.id()).messages()).isEqualTo(3);
  }

  @Test
  void anUnknownTenantOrAnotherTenantsRemovalIsNotFound() {
    Erasure running = service.remove(tenant);
    TenantId other = stores.newTenant();

    assertThatThrownBy(() -> service.remove(new TenantId(Ids.next(Clock.systemUTC()))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("tenant");
    assertThatThrownBy(() -> service.removal(other, running.id()))
        .isInstanceOf(NotFoundException.class);
  }
}
