package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.ListType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.ResolveReferenceUseCase.Query;
import io.parley.domain.port.in.SaveReferenceContextUseCase.Command;
import io.parley.domain.port.in.SaveReferenceContextUseCase.Item;
import io.parley.domain.port.out.ItemDetailsReader.ItemDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Saving and reading reference contexts against the in-memory store, on a clock the test moves. */
class ReferenceContextServiceTest {
  private static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
  private static final Duration MAX_TTL = Duration.ofDays(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  private final InMemoryStores fakes = InMemoryStores.create(clock);
  private final Stores stores = fakes.stores();
  private final ReferenceContextService service =
      new ReferenceContextService(
          fakes.referenceContexts(),
          json -> new ItemDetails("", null),
          clock,
          DEFAULT_TTL,
          MAX_TTL,
          Duration.ofDays(1));
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000801");

  private static List<Item> items(String... titles) {
    return java.util.Arrays.stream(titles).map(t -> new Item(t, t, "{}")).toList();
  }

  private ReferenceContext save(Integer ttlSeconds, String... titles) {
    return service.save(
        new Command(tenant, conversation, ListType.PRODUCTS, items(titles), ttlSeconds));
  }

  @Test
  void aSaveIsRefusedNamingTheFieldAtFault() {
    assertThatThrownBy(
            () -> service.save(new Command(tenant, conversation, null, items("Shoe"), null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("listType is required");
    assertThatThrownBy(() -> save(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("items must hold 1 to 50 items");
    assertThatThrownBy(() -> save(null, Collections.nCopies(51, "Shoe").toArray(String[]::new)))
        .hasMessage("items must hold 1 to 50 items");
    assertThatThrownBy(() -> save(0, "Shoe")).hasMessage("ttlSeconds must be from 1 to 86400");
    assertThatThrownBy(() -> save(86_401, "Shoe")).hasMessage("ttlSeconds must be from 1 to 86400");
  }

  @Test
  void aContextLivesForItsTtlOrTheDefaultAndIsThenNoLongerServed() {
    ReferenceContext byDefault = save(null, "Shoe");
    ReferenceContext shortLived = save(60, "Bag");

    assertThat(byDefault.expiresAt()).isEqualTo(clock.instant().plus(DEFAULT_TTL));
    assertThat(shortLived.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(59));
    assertThat(service.current(tenant, conversation).id()).isEqualTo(shortLived.id());
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> service.current(tenant, conversation))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("active reference context");
    assertThat(service.resolve(new Query(tenant, conversation, "the first one", null, null)))
        .as("an expired list resolves nothing")
        .isInstanceOf(Resolution.NoContext.class);
  }

  @Test
  void eachSaveSupersedesTheLastAndResolvesAgainstTheNewest() {
    ReferenceContext first = save(null, "Shoe", "Bag");
    ReferenceContext second = save(null, "Phone", "Charger");

    assertThat(second.version()).isEqualTo(first.version() + 1);
    assertThat(service.current(tenant, conversation).id()).isEqualTo(second.id());
    Resolution resolution = service.resolve(new Query(tenant, conversation, "2", null, null));
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    Resolution.Resolved resolved = (Resolution.Resolved) resolution;
    assertThat(resolved.contextId()).isEqualTo(second.id());
    assertThat(resolved.selections().get(0).item().title()).isEqualTo("Charger");
  }

  @Test
  void anotherTenantsConversationIsNotFoundForSavesAndReads() {
    save(null, "Shoe");
    TenantId other = stores.newTenant();

    assertThatThrownBy(
            () ->
                service.save(
                    new Command(other, conversation, ListType.PRODUCTS, items("Shoe"), null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.current(other, conversation))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.resolve(new Query(other, conversation, "2", null, null)))
        .isInstanceOf(NotFoundException.class);
  }
}
