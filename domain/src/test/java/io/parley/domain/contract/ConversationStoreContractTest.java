package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore.ConversationChanges;
import io.parley.domain.port.out.ConversationStore.NewConversation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ConversationStore must do; subclasses supply the implementation. */
public abstract class ConversationStoreContractTest {
  protected abstract Stores stores();

  private Stores stores;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    stores = stores();
    tenant = stores.newTenant();
  }

  @Test
  void createsACustomerAndConversationThenResumesIt() {
    NewConversation first = Stores.newConversationOf("+254700000001");
    StartedConversation created = stores.conversations().startOrResume(tenant, first);
    StartedConversation resumed =
        stores.conversations().startOrResume(tenant, Stores.newConversationOf("+254700000001"));

    assertThat(created.created()).isTrue();
    assertThat(created.conversation().id()).isEqualTo(first.id());
    assertThat(created.conversation().status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(created.conversation().customer().address()).isEqualTo("+254700000001");
    assertThat(resumed.created()).isFalse();
    assertThat(resumed.conversation().id()).isEqualTo(first.id());
    assertThat(resumed.conversation().customer().id())
        .isEqualTo(created.conversation().customer().id());
  }

  @Test
  void startsANewConversationOnceTheOldOneIsClosed() {
    ConversationId old = stores.newConversation(tenant, "+254700000002");
    stores
        .conversations()
        .update(
            tenant,
            old,
            new ConversationChanges(ConversationStatus.CLOSED, null, null),
            Stores.now());

    StartedConversation next =
        stores.conversations().startOrResume(tenant, Stores.newConversationOf("+254700000002"));

    assertThat(next.created()).isTrue();
    assertThat(next.conversation().id()).isNotEqualTo(old);
  }

  @Test
  void findsCustomersByAddressWithTheirConversationsNewestFirst() {
    ConversationId first = stores.newConversation(tenant, "+254700000040");
    stores
        .conversations()
        .update(
            tenant,
            first,
            new ConversationChanges(ConversationStatus.CLOSED, null, null),
            Stores.now());
    ConversationId second = stores.newConversation(tenant, "+254700000040");
    stores.newConversation(tenant, "+254700000041");
    TenantId other = stores.newTenant();
    stores.newConversation(other, "+254700000040");

    List<CustomerProfile> found =
        stores.conversations().customersByAddress(tenant, "+254700000040");
    assertThat(found).hasSize(1);
    CustomerProfile customer = found.get(0);
    assertThat(customer.customer().address()).isEqualTo("+254700000040");
    assertThat(customer.conversationCount()).isEqualTo(2);
    assertThat(customer.lastSeenAt()).isAfterOrEqualTo(customer.createdAt());
    assertThat(stores.conversations().customer(tenant, customer.customer().id()))
        .contains(customer);
    assertThat(stores.conversations().customer(other, customer.customer().id())).isEmpty();
    assertThat(stores.conversations().customersByAddress(tenant, "+254700000099")).isEmpty();

    CustomerId id = customer.customer().id();
    List<Conversation> newest = stores.conversations().listOfCustomer(tenant, id, null, 1);
    assertThat(newest).extracting(Conversation::id).containsExactly(second);
    Conversation last = newest.get(0);
    assertThat(
            stores
                .conversations()
                .listOfCustomer(
                    tenant, id, new ConversationListPosition(last.updatedAt(), last.id()), 5))
        .extracting(Conversation::id)
        .containsExactly(first);
  }

  @Test
  void refusesToReopenWhenTheCustomerHasAnotherActiveConversation() {
    ConversationId old = stores.newConversation(tenant, "+254700000003");
    stores
        .conversations()
        .update(
            tenant,
            old,
            new ConversationChanges(ConversationStatus.CLOSED, null, null),
            Stores.now());
    stores.newConversation(tenant, "+254700000003");

    assertThatThrownBy(
            () ->
                stores
                    .conversations()
                    .update(
                        tenant,
                        old,
                        new ConversationChanges(ConversationStatus.OPEN, null, null),
                        Stores.now()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aHandoffHoldsTheStatusAndTheListingTellsItsEndAtReadTime() {
    ConversationId held = stores.newConversation(tenant, "+254700000061");
    ConversationId ended = stores.newConversation(tenant, "+254700000062");
    java.time.Instant now = Stores.now();
    Conversation started =
        stores
            .conversations()
            .update(
                tenant,
                held,
                new ConversationChanges(
                    null,
                    null,
                    null,
                    new Conversation.HandoffChange(true, "wanjiru", "refund", null)),
                now)
            .orElseThrow();
    assertThat(started.status()).isEqualTo(ConversationStatus.HANDOFF);
    assertThat(started.handoff().assignee()).isEqualTo("wanjiru");
    assertThat(started.handoff().priorStatus()).isEqualTo(ConversationStatus.OPEN);
    // A handoff begun three hours ago until an hour ago: stored, but over when the listing reads.
    java.time.Instant earlier = now.minus(java.time.Duration.ofHours(3));
    stores
        .conversations()
        .update(
            tenant,
            ended,
            new ConversationChanges(
                null,
                null,
                null,
                new Conversation.HandoffChange(
                    true, null, null, now.minus(java.time.Duration.ofHours(1)))),
            earlier);
    assertThat(ids(stores.conversations().list(tenant, ConversationStatus.HANDOFF, null, 10)))
        .containsExactly(held);
    assertThat(ids(stores.conversations().list(tenant, ConversationStatus.OPEN, null, 10)))
        .containsExactly(ended);
    Conversation back =
        stores
            .conversations()
            .update(
                tenant,
                held,
                new ConversationChanges(
                    null, null, null, new Conversation.HandoffChange(false, null, null, null)),
                now)
            .orElseThrow();
    assertThat(back.status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(back.handoff()).isNull();
    assertThat(stores.conversations().find(tenant, held).orElseThrow().handoff()).isNull();
  }

  private static List<ConversationId> ids(List<Conversation> conversations) {
    return conversations.stream().map(Conversation::id).toList();
  }

  @Test
  void updatesOnlyTheFieldsGiven() {
    ConversationId id = stores.newConversation(tenant, "+254700000004");
    stores
        .conversations()
        .update(
            tenant,
            id,
            new ConversationChanges(null, "Wants red sneakers", List.of("size 42")),
            Stores.now());

    Conversation updated =
        stores
            .conversations()
            .update(
                tenant,
                id,
                new ConversationChanges(ConversationStatus.HANDOFF, null, null),
                Stores.now())
            .orElseThrow();

    assertThat(updated.status()).isEqualTo(ConversationStatus.HANDOFF);
    assertThat(updated.summary()).isEqualTo("Wants red sneakers");
    assertThat(updated.keyFacts()).containsExactly("size 42");
    assertThat(stores.conversations().find(tenant, id)).contains(updated);
  }

  @Test
  void anotherTenantSeesNothing() {
    ConversationId id = stores.newConversation(tenant, "+254700000005");
    TenantId other = stores.newTenant();

    assertThat(stores.conversations().find(other, id)).isEmpty();
    assertThat(
            stores
                .conversations()
                .update(
                    other,
                    id,
                    new ConversationChanges(ConversationStatus.CLOSED, null, null),
                    Stores.now()))
        .isEmpty();
    assertThat(stores.conversations().list(other, null, null, 10)).isEmpty();
    assertThat(stores.conversations().find(tenant, id).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void refusesAConversationForAnUnknownTenant() {
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(
            () -> stores.conversations().startOrResume(unknown, Stores.newConversationOf("+1")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void listsMostRecentlyUpdatedFirstAndPagesWithoutGapsOrRepeats() {
    List<ConversationId> created = new ArrayList<>();
    Instant start = Stores.now().minusSeconds(60);
    for (int i = 0; i < 7; i++) {
      NewConversation c = Stores.newConversationOf("+25471000000" + i, start.plusSeconds(i));
      created.add(stores.conversations().startOrResume(tenant, c).conversation().id());
    }
    ConversationId bumped = created.get(2);
    stores.messages().append(tenant, Stores.message(bumped, MessageType.CUSTOMER_INBOUND, "hi"));

    List<ConversationId> walked = new ArrayList<>();
    ConversationListPosition after = null;
    List<Conversation> page;
    do {
      page = stores.conversations().list(tenant, ConversationStatus.OPEN, after, 3);
      page.forEach(c -> walked.add(c.id()));
      if (!page.isEmpty()) {
        Conversation last = page.get(page.size() - 1);
        after = new ConversationListPosition(last.updatedAt(), last.id());
      }
    } while (page.size() == 3);

    assertThat(walked).hasSize(7).doesNotHaveDuplicates().first().isEqualTo(bumped);
    assertThat(stores.conversations().list(tenant, ConversationStatus.CLOSED, null, 10)).isEmpty();
    assertThat(stores.conversations().list(tenant, null, null, 10)).hasSize(7);
  }

  @Test
  void pagesThroughConversationsUpdatedAtTheSameInstant() {
    List<ConversationId> created = new ArrayList<>();
    Instant sameInstant = Stores.now();
    for (int i = 0; i < 5; i++) {
      NewConversation c = Stores.newConversationOf("+25472000000" + i, sameInstant);
      created.add(stores.conversations().startOrResume(tenant, c).conversation().id());
    }
    List<ConversationId> walked = new ArrayList<>();
    ConversationListPosition after = null;
    for (int i = 0; i < 5; i++) {
      List<Conversation> page = stores.conversations().list(tenant, null, after, 2);
      page.forEach(c -> walked.add(c.id()));
      if (page.isEmpty()) {
        break;
      }
      Conversation last = page.get(page.size() - 1);
      after = new ConversationListPosition(last.updatedAt(), last.id());
    }
    assertThat(walked).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
  }
}
