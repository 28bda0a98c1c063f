package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.ListConversationsUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import io.parley.domain.port.in.UpdateConversationUseCase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationServiceTest {
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final ConversationService service =
      new ConversationService(new InMemoryConversations(tenants), Clock.systemUTC());
  private TenantId tenant;

  @BeforeEach
  void createTenant() {
    tenant =
        new TenantService(tenants, tenants, Clock.systemUTC())
            .create(new CreateTenantUseCase.Command("Shop", "shop"))
            .tenant()
            .id();
  }

  private StartConversationUseCase.Command start(String channel, String address) {
    return new StartConversationUseCase.Command(tenant, channel, address, "Amina", "sw");
  }

  @Test
  void refusesBadChannelsAndAddressesNamingTheField() {
    assertThatThrownBy(() -> service.start(start("WhatsApp", "+1")))
        .hasMessageStartingWith("channel");
    assertThatThrownBy(() -> service.start(start("whatsapp", " ")))
        .hasMessage("customer.address is required");
    assertThatThrownBy(() -> service.start(start("whatsapp", "x".repeat(101))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "customer.address is not an address: at most 100 characters, no control characters");
    // The look-up's rule: an address it could never find is not stored either.
    assertThatThrownBy(() -> service.start(start("whatsapp", "+254\u0007700")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("customer.address is not an address");
  }

  @Test
  void refusesTooManyOrEmptyKeyFacts() {
    var id = service.start(start("whatsapp", "+1")).conversation().id();
    List<String> tooMany = new ArrayList<>(Collections.nCopies(101, "fact"));

    assertThatThrownBy(
            () ->
                service.update(
                    new UpdateConversationUseCase.Command(tenant, id, null, null, tooMany)))
        .hasMessage("keyFacts must have at most 100 items");
    assertThatThrownBy(
            () ->
                service.update(
                    new UpdateConversationUseCase.Command(tenant, id, null, null, List.of(""))))
        .hasMessage("keyFacts[] is required");
  }

  @Test
  void anUnknownConversationIsNotFound() {
    var other = service.start(start("whatsapp", "+1")).conversation().id();
    TenantId stranger =
        new TenantService(tenants, tenants, Clock.systemUTC())
            .create(new CreateTenantUseCase.Command("Other", "other"))
            .tenant()
            .id();

    assertThatThrownBy(() -> service.get(stranger, other)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void listingGivesANextPositionOnlyWhenMoreRemain() {
    for (int i = 0; i < 3; i++) {
      service.start(start("whatsapp", "+25470000000" + i));
    }
    var first = service.list(new ListConversationsUseCase.Query(tenant, null, null, 2));
    var second = service.list(new ListConversationsUseCase.Query(tenant, null, first.next(), 2));

    assertThat(first.conversations()).hasSize(2);
    assertThat(first.next()).isNotNull();
    assertThat(second.conversations()).hasSize(1);
    assertThat(second.next()).isNull();
  }
}
