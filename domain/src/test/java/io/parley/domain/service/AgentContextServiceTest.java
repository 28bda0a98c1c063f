package io.parley.domain.service;

import static io.parley.domain.contract.CatalogStoreContractTest.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.Product;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ListType;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.BuildAgentContextUseCase.AgentContext;
import io.parley.domain.port.in.BuildAgentContextUseCase.Query;
import io.parley.domain.port.in.SaveReferenceContextUseCase;
import io.parley.domain.port.out.ConversationStore.ConversationChanges;
import io.parley.domain.port.out.ItemDetailsReader.ItemDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent context over the real catalog and reference-context services and in-memory stores. */
class AgentContextServiceTest {
  private final MutableClock clock = new MutableClock(Instant.now());
  private final InMemoryStores fakes = InMemoryStores.create(clock);
  private final Stores stores = fakes.stores();
  private final ReferenceContextService references =
      new ReferenceContextService(
          fakes.referenceContexts(),
          json -> new ItemDetails("", null),
          clock,
          Duration.ofMinutes(30),
          Duration.ofDays(1),
          Duration.ofDays(1));
  private final AgentContextService service =
      new AgentContextService(
          fakes.conversations(), references, new CatalogService(fakes.catalog(), clock), clock);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000901");

  private void write(MessageType type, String text) {
    stores.messages().append(tenant, Stores.message(conversation, type, text));
  }

  private AgentContext build(int historyLimit, int catalogLimit, int maxTokens) {
    return service.build(new Query(tenant, conversation, historyLimit, catalogLimit, maxTokens, 0));
  }

  /**
   * The catalog query is the latest inbound text cut to 200 UTF-16 units, between characters: an
   * emoji across the cut was split, and the context answered 422 (a review showed it).
   */
  @Test
  void aLongLatestMessageIsCutBetweenCharacters() {
    write(MessageType.CUSTOMER_INBOUND, "a".repeat(199) + "\ud83d\ude00 nataka viatu");

    AgentContext context = build(10, 3, 10_000);

    assertThat(context.catalogQuery()).isEqualTo("a".repeat(199));
    write(MessageType.CUSTOMER_INBOUND, "b".repeat(198) + "\ud83d\ude00 nataka viatu");
    assertThat(build(10, 3, 10_000).catalogQuery()).isEqualTo("b".repeat(198) + "\ud83d\ude00");
  }

  @Test
  void theNewestMessagesTheActiveListAndSuggestionsForTheLatestInboundText() {
    fakes
        .catalog()
        .upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(product("a", "Red shoe", 1, true), product("b", "Blue bag", 1, true)),
            clock.instant());
    write(MessageType.CUSTOMER_INBOUND, "hello");
    write(MessageType.BOT_RESPONSE, "karibu");
    write(MessageType.CUSTOMER_INBOUND, "shoe");
    ReferenceContext list =
        references.save(
            new SaveReferenceContextUseCase.Command(
                tenant,
                conversation,
                ListType.PRODUCTS,
                List.of(new SaveReferenceContextUseCase.Item("a", "Red shoe", "{}")),
                null));

    AgentContext context = build(2, 5, 10_000);

    assertThat(context.recentMessages())
        .extracting(Message::text)
        .containsExactly("karibu", "shoe");
    assertThat(context.catalogQuery()).isEqualTo("shoe");
    assertThat(context.catalog().products()).extracting(Product::title).contains("Red shoe");
    assertThat(context.referenceContext().id()).isEqualTo(list.id());
    assertThat(context.truncated()).isFalse();
    clock.advance(Duration.ofMinutes(30));
    assertThat(build(2, 5, 10_000).referenceContext()).as("expired").isNull();
  }

  @Test
  void overBudgetTheOldestMessagesGoFirstAndTheEstimateFits() {
    for (int i = 0; i < 4; i++) {
      write(MessageType.CUSTOMER_INBOUND, i + "x".repeat(399)); // 100 tokens each
    }
    // The catalog query (the latest inbound text, cut to 200 characters) costs 50 tokens more.

    AgentContext context = build(10, 0, 250);

    assertThat(context.truncated()).isTrue();
    assertThat(context.recentMessages())
        .extracting(m -> m.text().charAt(0))
        .containsExactly('2', '3');
    assertThat(context.estimatedTokens()).isEqualTo(250);
  }

  @Test
  void aCatalogLimitOfZeroAsksForNoSuggestions() {
    fakes
        .catalog()
        .upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(product("a", "Red shoe", 1, true)),
            clock.instant());
    write(MessageType.CUSTOMER_INBOUND, "shoe");

    assertThat(build(10, 0, 10_000).catalog().products()).isEmpty();
  }

  @Test
  void theBotShouldNotReplyInAClosedConversation() {
    write(MessageType.CUSTOMER_INBOUND, "asante");
    assertThat(build(10, 0, 10_000).botShouldReply()).isTrue();

    stores
        .conversations()
        .update(
            tenant,
            conversation,
            new ConversationChanges(ConversationStatus.CLOSED, null, null),
            clock.instant());

    assertThat(build(10, 0, 10_000).botShouldReply()).isFalse();
  }

  @Test
  void anotherTenantsConversationIsNotFound() {
    TenantId other = stores.newTenant();

    assertThatThrownBy(() -> service.build(new Query(other, conversation, 10, 5, 1_000, 0)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("conversation");
  }
}
