package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ErasureStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ErasureStore must do: resumable, counted, per tenant. */
public abstract class ErasureStoreContractTest {
  protected abstract Stores stores();

  protected abstract ErasureStore erasures(Stores stores);

  private Stores stores;
  private ErasureStore erasures;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    stores = stores();
    erasures = erasures(stores);
    tenant = stores.newTenant();
  }

  private Conversation conversationWithMessages(String address, int messages) {
    ConversationId id = stores.newConversation(tenant, address);
    for (int i = 0; i < messages; i++) {
      stores.messages().append(tenant, Stores.message(id, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    return stores.conversations().find(tenant, id).orElseThrow();
  }

  private static UUID newId() {
    return Ids.next(Clock.systemUTC());
  }

  @Test
  void anUnknownCustomerCannotBeErased() {
    assertThat(
            erasures.begin(
                tenant, new CustomerId(newId()), "subject-unknown", newId(), Stores.now()))
        .isEmpty();
  }

  @Test
  void anErasureDeletesInCountedBatchesAndCompletesOnce() {
    Conversation conversation = conversationWithMessages("+254700000101", 3);
    CustomerId customer = conversation.customer().id();
    Instant asked = Stores.now();

    Erasure running = erasures.begin(tenant, customer, "subject-1", newId(), asked).orElseThrow();
    Erasure again = erasures.begin(tenant, customer, "subject-1", newId(), asked).orElseThrow();

    assertThat(running.completed()).isFalse();
    assertThat(running.kind()).isEqualTo(Erasure.Kind.CUSTOMER);
    assertThat(again.id()).as("the subject's erasure resumes").isEqualTo(running.id());
    List<ConversationId> conversations = erasures.conversationsOf(tenant, customer);
    assertThat(conversations).containsExactly(conversation.id());
    assertThat(erasures.eraseMessages(tenant, running.id(), conversations, 2)).isEqualTo(2);
    assertThat(erasures.eraseMessages(tenant, running.id(), conversations, 2)).isEqualTo(1);
    assertThat(erasures.eraseMessages(tenant, running.id(), conversations, 2)).isZero();

    ErasureStore.Finished finished = erasures.finish(tenant, running.id(), customer, Stores.now());

    assertThat(finished.erasure().completed()).isTrue();
    assertThat(finished.erasure().messages()).isEqualTo(3);
    assertThat(finished.erasure().conversations()).isEqualTo(1);
    assertThat(finished.erasure().completedAt()).isNotNull();
    assertThat(finished.conversations()).containsExactly(conversation.id());
    assertThat(stores.conversations().find(tenant, conversation.id())).isEmpty();
    assertThat(stores.conversations().customer(tenant, customer)).isEmpty();
    Erasure done = erasures.begin(tenant, customer, "subject-1", newId(), asked).orElseThrow();
    assertThat(done.id()).isEqualTo(running.id());
    assertThat(done.completed()).as("a finished erasure is answered as it is").isTrue();
  }

  @Test
  void aFinishedErasuresConversationsAreUnforgottenUntilForgotten() {
    Conversation conversation = conversationWithMessages("+254700000105", 1);
    CustomerId customer = conversation.customer().id();
    Erasure running =
        erasures.begin(tenant, customer, "subject-5", newId(), Stores.now()).orElseThrow();
    assertThat(erasures.unforgotten(tenant)).as("nothing before its finish").isEmpty();

    erasures.finish(tenant, running.id(), customer, Stores.now());

    assertThat(erasures.unforgotten(tenant))
        .containsExactly(new ErasureStore.Unforgotten(running.id(), List.of(conversation.id())));
    assertThat(erasures.unforgotten(stores.newTenant())).as("only to its tenant").isEmpty();
    erasures.forgotten(tenant, running.id());
    assertThat(erasures.unforgotten(tenant)).isEmpty();
    erasures.forgotten(tenant, running.id()); // again: nothing to do
  }

  /**
   * A DELETE repeated while the erasure ran reaches finish after it: it does nothing and answers
   * the erasure as the first left it (a review saw a second customer.erased event, a new
   * completedAt and the first's forgetting cleared before its caches forgot).
   */
  @Test
  void aSecondFinishOfOneErasureDoesNothing() {
    Conversation conversation = conversationWithMessages("+254700000106", 2);
    CustomerId customer = conversation.customer().id();
    Erasure running =
        erasures.begin(tenant, customer, "subject-6", newId(), Stores.now()).orElseThrow();
    ErasureStore.Finished first = erasures.finish(tenant, running.id(), customer, Stores.now());

    ErasureStore.Finished second =
        erasures.finish(tenant, running.id(), customer, Stores.now().plusSeconds(5));

    assertThat(first.here()).isTrue();
    assertThat(second.here()).isFalse();
    assertThat(second.conversations()).isEmpty();
    assertThat(second.erasure()).isEqualTo(first.erasure());
    assertThat(erasures.unforgotten(tenant))
        .as("the first finish's forgetting is left for its own forget")
        .containsExactly(new ErasureStore.Unforgotten(running.id(), List.of(conversation.id())));
  }

  @Test
  void whatArrivesWhileAnErasureRunsIsDeletedByItsFinish() {
    Conversation conversation = conversationWithMessages("+254700000102", 1);
    CustomerId customer = conversation.customer().id();
    Erasure running =
        erasures.begin(tenant, customer, "subject-2", newId(), Stores.now()).orElseThrow();
    List<ConversationId> conversations = erasures.conversationsOf(tenant, customer);
    erasures.eraseMessages(tenant, running.id(), conversations, 10);
    stores
        .messages()
        .append(tenant, Stores.message(conversation.id(), MessageType.CUSTOMER_INBOUND, "late"));

    Erasure finished = erasures.finish(tenant, running.id(), customer, Stores.now()).erasure();

    assertThat(finished.messages()).isEqualTo(2);
    assertThat(stores.conversations().find(tenant, conversation.id())).isEmpty();
  }

  @Test
  void erasuresAreListedNewestFirstAndOnlyToTheirTenant() {
    CustomerId first = conversationWithMessages("+254700000103", 0).customer().id();
    CustomerId second = conversationWithMessages("+254700000104", 0).customer().id();
    Erasure older = erasures.begin(tenant, first, "subject-3", newId(), Stores.now()).orElseThrow();
    Erasure newer =
        erasures
            .begin(tenant, second, "subject-4", newId(), Stores.now().plusSeconds(1))
            .orElseThrow();
    TenantId other = stores.newTenant();

    assertThat(erasures.list(tenant, 10))
        .extracting(Erasure::id)
        .containsExactly(newer.id(), older.id());
    assertThat(erasures.list(tenant, 1)).extracting(Erasure::id).containsExactly(newer.id());
    assertThat(erasures.list(other, 10)).isEmpty();
    assertThat(erasures.begin(other, first, "subject-5", newId(), Stores.now())).isEmpty();
  }
}
