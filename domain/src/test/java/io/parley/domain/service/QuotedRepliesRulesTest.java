package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Ids;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of quoted replies and taps: what a save and a resolve refuse, and what they say. */
class QuotedRepliesRulesTest {
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final InMemoryConversations conversations = new InMemoryConversations(tenants);
  private final Stores stores =
      new Stores(tenants, tenants, conversations, conversations, conversations);
  private final InMemoryReferenceContexts store = new InMemoryReferenceContexts(conversations);
  private final ReferenceContextService service =
      new ReferenceContextService(
          store,
          json -> new ItemDetails("", null),
          Clock.systemUTC(),
          Duration.ofMinutes(5),
          Duration.ofDays(1),
          Duration.ofDays(1));
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000001");

  private ReferenceContext show(String providerMessageId, String... rowIds) {
    List<Item> items =
        java.util.stream.IntStream.range(0, rowIds.length)
            .mapToObj(i -> new Item("p" + i, "Item " + i, "{}", rowIds[i]))
            .toList();
    return service.save(
        new Command(tenant, conversation, ListType.PRODUCTS, items, null, providerMessageId));
  }

  @Test
  void aRowIdRepeatedInOneListIsRefusedNamingTheItem() {
    assertThatThrownBy(() -> show("wamid.A", "r1", "r2", "r1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("items[2].rowId");
  }

  @Test
  void aBlankOrOverlongRowIdIsRefusedNamingTheItem() {
    assertThatThrownBy(() -> show("wamid.A", "r1", " "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("items[1].rowId");
    assertThatThrownBy(() -> show("wamid.A", "r".repeat(257)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("items[0].rowId");
  }

  @Test
  void itemsWithoutRowIdsAndTheSameRowIdInAnotherListAreFine() {
    show("wamid.A", "r1", null, null);
    ReferenceContext second = show("wamid.B", "r1");

    assertThat(second.itemWithRowId("r1")).isPresent();
  }

  @Test
  void aBlankOrOverlongProviderMessageIdIsRefused() {
    assertThatThrownBy(() -> show(" ", "r1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("providerMessageId");
    assertThatThrownBy(() -> show("w".repeat(256), "r1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("providerMessageId");
  }

  @Test
  void textIsRequiredUnlessARowWasTapped() {
    show("wamid.A", "r1");

    assertThatThrownBy(() -> service.resolve(new Query(tenant, conversation, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("text");
    assertThat(service.resolve(new Query(tenant, conversation, null, null, "r1")))
        .isInstanceOf(Resolution.Resolved.class);
    assertThatThrownBy(() -> service.resolve(new Query(tenant, conversation, "2", null, " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("selectedRowId");
    assertThatThrownBy(() -> service.resolve(new Query(tenant, conversation, "2", "", null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("replyToProviderMessageId");
  }

  @Test
  void anAbsentConversationIsNotFoundWithOrWithoutAQuote() {
    show("wamid.A", "r1");
    ConversationId unknown = new ConversationId(Ids.next(Clock.systemUTC()));
    TenantId stranger = stores.newTenant();

    assertThatThrownBy(() -> service.resolve(new Query(tenant, unknown, "2", "wamid.A", null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.resolve(new Query(stranger, conversation, "2", null, "r1")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aQuoteReadsTheStoreOfRecordOnceAndTheCurrentListIsNotRead() {
    show("wamid.A", "r1");
    int lookups = store.lookups();

    service.resolve(new Query(tenant, conversation, "the first", "wamid.A", null));

    assertThat(store.quotedLookups()).isEqualTo(1);
    assertThat(store.lookups()).isEqualTo(lookups);
  }
}
