package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.ListType;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ErasureStore;
import io.parley.domain.port.out.ReferenceContextStore.NewReferenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Erasing a customer against the in-memory stores. */
class ErasureServiceTest {
  private final InMemoryStores fakes = InMemoryStores.create();
  private final Stores stores = fakes.stores();
  private final List<Integer> batches = new ArrayList<>();
  private final ErasureService service =
      new ErasureService(
          counting(fakes.erasures()),
          fakes.referenceContexts(),
          fakes.conversations(),
          Clock.systemUTC(),
          2);
  private final TenantId tenant = stores.newTenant();

  /** The erasure store, recording the size of each message batch it deletes. */
  private ErasureStore counting(ErasureStore store) {
    return new ErasureStore() {
      @Override
      public java.util.Optional<Erasure> begin(
          TenantId t, CustomerId c, String subject, UUID id, Instant now) {
        return store.begin(t, c, subject, id, now);
      }

      @Override
      public List<ConversationId> conversationsOf(TenantId t, CustomerId c) {
        return store.conversationsOf(t, c);
      }

      @Override
      public int eraseMessages(TenantId t, UUID id, List<ConversationId> cs, int limit) {
        int erased = store.eraseMessages(t, id, cs, limit);
        batches.add(erased);
        return erased;
      }

      @Override
      public int eraseReferenceContexts(TenantId t, UUID id, List<ConversationId> cs, int limit) {
        return store.eraseReferenceContexts(t, id, cs, limit);
      }

      @Override
      public Finished finish(TenantId t, UUID id, CustomerId c, Instant now) {
        return store.finish(t, id, c, now);
      }

      @Override
      public List<Unforgotten> unforgotten(TenantId t) {
        return store.unforgotten(t);
      }

      @Override
      public void forgotten(TenantId t, UUID id) {
        store.forgotten(t, id);
      }

      @Override
      public List<Erasure> list(TenantId t, int limit) {
        return store.list(t, limit);
      }
    };
  }

  private Conversation conversationWithMessages(String address, int messages) {
    ConversationId id = stores.newConversation(tenant, address);
    for (int i = 0; i < messages; i++) {
      stores.messages().append(tenant, Stores.message(id, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    return stores.conversations().find(tenant, id).orElseThrow();
  }

  private void showList(ConversationId conversation) {
    Instant now = Stores.now();
    fakes
        .referenceContexts()
        .save(
            tenant,
            new NewReferenceContext(
                UUID.randomUUID(),
                conversation,
                ListType.PRODUCTS,
                List.of(),
                now,
                now.plusSeconds(300),
                null));
  }

  @Test
  void aCustomerIsErasedInBatchesWithEveryRowCountedAndTheCachesTold() {
    Conversation conversation = conversationWithMessages("+254700000401", 5);
    showList(conversation.id());
    showList(conversation.id());
    Conversation untouched = conversationWithMessages("+254700000402", 1);

    Erasure erasure = service.erase(tenant, conversation.customer().id());

    assertThat(erasure.completed()).isTrue();
    assertThat(erasure.messages()).isEqualTo(5);
    assertThat(erasure.referenceContexts()).isEqualTo(2);
    assertThat(erasure.conversations()).isEqualTo(1);
    assertThat(batches)
        .as("batches of at most 2, until one deletes nothing")
        .containsExactly(2, 2, 1, 0);
    assertThat(fakes.referenceContexts().forgotten()).containsExactly(conversation.id());
    assertThat(fakes.conversations().forgottenConversations()).containsExactly(conversation.id());
    assertThat(stores.conversations().customer(tenant, conversation.customer().id())).isEmpty();
    assertThat(stores.conversations().find(tenant, untouched.id())).isPresent();
  }

  @Test
  void erasingAgainAnswersTheCompletedErasureWithoutDeletingAgain() {
    CustomerId customer = conversationWithMessages("+254700000403", 1).customer().id();
    Erasure first = service.erase(tenant, customer);
    batches.clear();

    Erasure again = service.erase(tenant, customer);

    assertThat(again).isEqualTo(first);
    assertThat(batches).isEmpty();
    assertThat(service.erasures(tenant, 10)).containsExactly(first);
  }

  @Test
  void aRetriedErasureWhoseEraserDiedBeforeForgettingForgetsAgainBeforeItIsAnswered() {
    Conversation conversation = conversationWithMessages("+254700000405", 1);
    CustomerId customer = conversation.customer().id();
    erasedByAnEraserThatDiedBeforeForgetting(customer);
    assertThat(fakes.conversations().forgottenConversations()).isEmpty();

    Erasure again = service.erase(tenant, customer);

    assertThat(again.completed()).isTrue();
    assertThat(fakes.referenceContexts().forgotten()).containsExactly(conversation.id());
    assertThat(fakes.conversations().forgottenConversations()).containsExactly(conversation.id());
    service.erase(tenant, customer);
    assertThat(fakes.conversations().forgottenConversations())
        .as("once forgotten, not again")
        .containsExactly(conversation.id());
  }

  @Test
  void listingAnErasureWhoseEraserDiedBeforeForgettingForgetsItsConversationsFirst() {
    Conversation conversation = conversationWithMessages("+254700000406", 1);
    erasedByAnEraserThatDiedBeforeForgetting(conversation.customer().id());

    List<Erasure> listed = service.erasures(tenant, 10);

    assertThat(listed).singleElement().extracting(Erasure::completed).isEqualTo(true);
    assertThat(fakes.referenceContexts().forgotten()).containsExactly(conversation.id());
    assertThat(fakes.conversations().forgottenConversations()).containsExactly(conversation.id());
    service.erasures(tenant, 10);
    assertThat(fakes.conversations().forgottenConversations()).hasSize(1);
  }

  /** Its store work through the last transaction, committed; no cache told. */
  private void erasedByAnEraserThatDiedBeforeForgetting(CustomerId customer) {
    ErasureStore erasures = fakes.erasures();
    Erasure begun =
        erasures
            .begin(
                tenant,
                customer,
                ErasureService.subject(tenant, customer),
                Ids.next(Clock.systemUTC()),
                Stores.now())
            .orElseThrow();
    erasures.finish(tenant, begun.id(), customer, Stores.now());
  }

  @Test
  void anUnknownCustomerOrAnotherTenantsIsNotFound() {
    CustomerId customer = conversationWithMessages("+254700000404", 1).customer().id();
    TenantId other = stores.newTenant();

    assertThatThrownBy(() -> service.erase(other, customer))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("customer");
    assertThatThrownBy(() -> service.erase(tenant, new CustomerId(Ids.next(Clock.systemUTC()))))
        .isInstanceOf(NotFoundException.class);
    assertThat(stores.conversations().customer(tenant, customer)).isPresent();
  }

  @Test
  void theAuditRowKeepsAHashNotTheCustomerId() {
    CustomerId customer = new CustomerId(UUID.randomUUID());
    TenantId other = new TenantId(UUID.randomUUID());

    String subject = ErasureService.subject(tenant, customer);

    assertThat(subject).doesNotContain(customer.value().toString()).hasSize(64);
    assertThat(ErasureService.subject(other, customer)).isNotEqualTo(subject);
  }

  @Test
  void aListingLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> service.erasures(tenant, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("limit must be at least 1");
  }
}
