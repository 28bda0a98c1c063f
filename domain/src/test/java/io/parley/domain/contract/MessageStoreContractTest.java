package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Ids;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every MessageStore and ConversationHistory must do; subclasses supply them. */
public abstract class MessageStoreContractTest {
  protected abstract Stores stores();

  private Stores stores;
  private TenantId tenant;
  private ConversationId conversation;

  @BeforeEach
  void setUp() {
    stores = stores();
    tenant = stores.newTenant();
    conversation = stores.newConversation(tenant, "+254700000001");
  }

  private Message append(MessageType type, String text) {
    return stores.messages().append(tenant, Stores.message(conversation, type, text)).message();
  }

  private List<Long> seqs(List<Message> messages) {
    return messages.stream().map(Message::seq).toList();
  }

  @Test
  void aBatchNumbersEachConversationInInputOrderAndAnswersMissingOnes() {
    ConversationId other = stores.newConversation(tenant, "+254700000071");
    append(MessageType.CUSTOMER_INBOUND, "before");
    ConversationId missing = new ConversationId(java.util.UUID.randomUUID());
    List<java.util.Optional<io.parley.domain.model.AppendedMessage>> outcomes =
        stores
            .messages()
            .appendAll(
                tenant,
                List.of(
                    Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "a1"),
                    Stores.message(other, MessageType.CUSTOMER_INBOUND, "b1"),
                    Stores.message(missing, MessageType.CUSTOMER_INBOUND, "x"),
                    Stores.message(conversation, MessageType.BOT_RESPONSE, "a2"),
                    Stores.message(other, MessageType.BOT_RESPONSE, "b2")));

    assertThat(outcomes.get(0).orElseThrow().message().seq()).isEqualTo(2);
    assertThat(outcomes.get(1).orElseThrow().message().seq()).isEqualTo(1);
    assertThat(outcomes.get(2)).isEmpty();
    assertThat(outcomes.get(3).orElseThrow().message().seq()).isEqualTo(3);
    assertThat(outcomes.get(4).orElseThrow().message().seq()).isEqualTo(2);
    assertThat(outcomes.get(0).orElseThrow().created()).isTrue();
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(3);
    assertThat(stores.conversations().find(tenant, other).orElseThrow().messageCount())
        .isEqualTo(2);
    assertThat(
            stores
                .history()
                .readPage(tenant, conversation, MessageFilter.DEFAULT, 1, 10, true)
                .orElseThrow()
                .messages())
        .extracting(Message::text)
        .containsExactly("before", "a1", "a2");
  }

  @Test
  void aRetriedBatchStoresNothingTwice() {
    List<io.parley.domain.port.out.MessageStore.NewMessage> batch =
        List.of(
            Stores.messageWithProviderId(
                conversation, MessageType.CUSTOMER_INBOUND, "one", "wamid.b1"),
            Stores.messageWithProviderId(
                conversation, MessageType.CUSTOMER_INBOUND, "two", "wamid.b2"),
            Stores.messageWithProviderId(
                conversation, MessageType.CUSTOMER_INBOUND, "one again", "wamid.b1"));
    var first = stores.messages().appendAll(tenant, batch);
    var again =
        stores
            .messages()
            .appendAll(
                tenant,
                batch.stream()
                    .map(
                        m ->
                            Stores.messageWithProviderId(
                                conversation, m.type(), m.text(), m.providerMessageId()))
                    .toList());

    assertThat(first.get(0).orElseThrow().created()).isTrue();
    assertThat(first.get(1).orElseThrow().created()).isTrue();
    assertThat(first.get(2).orElseThrow().created()).isFalse();
    assertThat(first.get(2).orElseThrow().message().seq()).isEqualTo(1);
    assertThat(again).allSatisfy(outcome -> assertThat(outcome.orElseThrow().created()).isFalse());
    assertThat(again.get(1).orElseThrow().message().seq()).isEqualTo(2);
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(2);
  }

  @Test
  void numbersMessagesOneTwoThreeAndCountsThem() {
    Message first = append(MessageType.CUSTOMER_INBOUND, "habari");
    Message second = append(MessageType.BOT_RESPONSE, "nzuri");

    assertThat(first.seq()).isEqualTo(1);
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.direction()).isEqualTo(Direction.OUT);
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(2);
  }

  @Test
  void aRepeatedProviderIdReturnsTheStoredMessageAndStoresNothing() {
    AppendedMessage first =
        stores
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.CUSTOMER_INBOUND, "1", "wamid.A"));
    AppendedMessage retry =
        stores
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.CUSTOMER_INBOUND, "1", "wamid.A"));
    Message next = append(MessageType.CUSTOMER_INBOUND, "2");

    assertThat(first.created()).isTrue();
    assertThat(retry.created()).isFalse();
    assertThat(retry.message()).isEqualTo(first.message());
    assertThat(next.seq()).isEqualTo(2);
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(2);
  }

  @Test
  void concurrentRetriesOfOneDeliveryStoreOneMessage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<AppendedMessage>> retries = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        retries.add(
            () ->
                stores
                    .messages()
                    .append(
                        tenant,
                        Stores.messageWithProviderId(
                            conversation, MessageType.CUSTOMER_INBOUND, "x", "wamid.same")));
      }
      List<Message> answers = new ArrayList<>();
      int created = 0;
      for (Future<AppendedMessage> f : pool.invokeAll(retries)) {
        answers.add(f.get().message());
        created += f.get().created() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(answers).allSatisfy(m -> assertThat(m.id()).isEqualTo(answers.get(0).id()));
      assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAMessageForAnUnknownOrForeignConversation() {
    TenantId other = stores.newTenant();
    ConversationId unknown = new ConversationId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(
            () ->
                stores.messages().append(tenant, Stores.message(unknown, MessageType.SYSTEM, "x")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                stores
                    .messages()
                    .append(other, Stores.message(conversation, MessageType.SYSTEM, "x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void readsTheNewestSliceThenOlderThenNewer() {
    for (int i = 1; i <= 7; i++) {
      append(MessageType.CUSTOMER_INBOUND, "m" + i);
    }
    HistorySlice newest = slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 3);
    HistorySlice older = slice(MessageFilter.DEFAULT, new HistoryPosition.Before(5), 3);
    HistorySlice oldest = slice(MessageFilter.DEFAULT, new HistoryPosition.Before(2), 3);
    HistorySlice newer = slice(MessageFilter.DEFAULT, new HistoryPosition.After(4), 2);

    assertThat(seqs(newest.messages())).containsExactly(7L, 6L, 5L);
    assertThat(newest.hasMore()).isTrue();
    assertThat(seqs(older.messages())).containsExactly(4L, 3L, 2L);
    assertThat(seqs(oldest.messages())).containsExactly(1L);
    assertThat(oldest.hasMore()).isFalse();
    assertThat(seqs(newer.messages())).containsExactly(5L, 6L);
    assertThat(newer.hasMore()).isTrue();
  }

  @Test
  void leavesSystemMessagesOutUnlessAskedAndFiltersByTypeAndDirection() {
    append(MessageType.CUSTOMER_INBOUND, "1");
    append(MessageType.SYSTEM, "2");
    append(MessageType.BOT_RESPONSE, "3");
    append(MessageType.CUSTOMER_INBOUND, "4");

    assertThat(seqs(slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 10).messages()))
        .containsExactly(4L, 3L, 1L);
    assertThat(
            seqs(
                slice(new MessageFilter(null, null, true), new HistoryPosition.Newest(), 10)
                    .messages()))
        .containsExactly(4L, 3L, 2L, 1L);
    assertThat(
            seqs(
                slice(
                        new MessageFilter(MessageType.SYSTEM, null, false),
                        new HistoryPosition.Newest(),
                        10)
                    .messages()))
        .containsExactly(2L);
    assertThat(
            seqs(
                slice(
                        new MessageFilter(null, Direction.IN, false),
                        new HistoryPosition.Newest(),
                        10)
                    .messages()))
        .containsExactly(4L, 1L);
    assertThat(
            seqs(
                slice(
                        new MessageFilter(MessageType.BOT_RESPONSE, Direction.IN, false),
                        new HistoryPosition.Newest(),
                        10)
                    .messages()))
        .isEmpty();
  }

  @Test
  void anEmptyConversationHasAnEmptySliceAndAnAbsentOneHasNone() {
    assertThat(slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 5).messages()).isEmpty();
    TenantId other = stores.newTenant();
    assertThat(
            stores
                .history()
                .readSlice(
                    other, conversation, MessageFilter.DEFAULT, new HistoryPosition.Newest(), 5))
        .isEmpty();
    assertThat(stores.history().readPage(other, conversation, MessageFilter.DEFAULT, 1, 5, false))
        .isEmpty();
  }

  @Test
  void numberedPagesCountTheFilteredTotalWithOrWithoutSystemMessages() {
    for (int i = 1; i <= 7; i++) {
      append(MessageType.CUSTOMER_INBOUND, "m" + i);
    }
    HistoryPage dense = page(MessageFilter.DEFAULT, 2, 3, false);
    assertThat(dense.totalMessages()).isEqualTo(7);
    assertThat(seqs(dense.messages())).containsExactly(4L, 3L, 2L);
    assertThat(seqs(page(MessageFilter.DEFAULT, 3, 3, true).messages())).containsExactly(7L);
    assertThat(page(MessageFilter.DEFAULT, 4, 3, false).messages()).isEmpty();

    append(MessageType.SYSTEM, "s8");
    append(MessageType.BOT_RESPONSE, "m9");
    HistoryPage sparse = page(MessageFilter.DEFAULT, 1, 3, false);
    assertThat(sparse.totalMessages()).isEqualTo(8);
    assertThat(seqs(sparse.messages())).containsExactly(9L, 7L, 6L);
    assertThat(seqs(page(MessageFilter.DEFAULT, 3, 3, false).messages())).containsExactly(2L, 1L);
    assertThat(seqs(page(MessageFilter.DEFAULT, 1, 4, true).messages()))
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(page(new MessageFilter(null, Direction.OUT, true), 1, 5, false).totalMessages())
        .isEqualTo(2);
    assertThat(
            page(new MessageFilter(MessageType.SYSTEM, null, false), 1, 5, false).totalMessages())
        .isEqualTo(1);
  }

  @Test
  void theRecentWindowIsTheNewestMessagesOldestFirstWithoutSystemOnes() {
    for (int i = 1; i <= 6; i++) {
      append(i == 5 ? MessageType.SYSTEM : MessageType.CUSTOMER_INBOUND, "m" + i);
    }

    var window =
        stores.history().recentWindow(tenant, conversation, MessageFilter.DEFAULT, 3).orElseThrow();

    assertThat(window.conversation().id()).isEqualTo(conversation);
    assertThat(window.conversation().messageCount()).isEqualTo(6);
    assertThat(seqs(window.recentMessages())).containsExactly(3L, 4L, 6L);
    assertThat(
            stores
                .history()
                .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 0)
                .orElseThrow()
                .recentMessages())
        .isEmpty();
    assertThat(
            stores
                .history()
                .recentWindow(stores.newTenant(), conversation, MessageFilter.DEFAULT, 3))
        .isEmpty();
  }

  private static final java.time.Instant T0 = java.time.Instant.parse("2026-03-01T10:00:00Z");

  private static io.parley.domain.port.out.MessageStore.StatusReport report(
      String providerId, io.parley.domain.model.DeliveryStatus status, int second) {
    return new io.parley.domain.port.out.MessageStore.StatusReport(
        providerId,
        new io.parley.domain.model.Delivery(
            status,
            T0.plusSeconds(second),
            status == io.parley.domain.model.DeliveryStatus.FAILED ? "131047" : null,
            null));
  }

  private List<java.util.Optional<Message>> statuses(
      io.parley.domain.port.out.MessageStore.StatusReport... reports) {
    java.time.Instant now = Stores.now();
    return stores
        .messages()
        .applyStatuses(tenant, List.of(reports), now, now.plus(java.time.Duration.ofHours(24)));
  }

  @Test
  void theHighestDeliveryStatusStandsWhateverOrderTheyArriveIn() {
    stores
        .messages()
        .append(
            tenant,
            Stores.messageWithProviderId(conversation, MessageType.BOT_RESPONSE, "hi", "wamid.s1"));
    var read = report("wamid.s1", io.parley.domain.model.DeliveryStatus.READ, 30);
    var failed = report("wamid.s1", io.parley.domain.model.DeliveryStatus.FAILED, 40);
    var sent = report("wamid.s1", io.parley.domain.model.DeliveryStatus.SENT, 10);
    var delivered = report("wamid.s1", io.parley.domain.model.DeliveryStatus.DELIVERED, 20);
    assertThat(statuses(delivered).get(0).orElseThrow().delivery()).isEqualTo(delivered.delivery());
    List<java.util.Optional<Message>> outcomes = statuses(read, sent, failed, delivered, sent);
    assertThat(outcomes).hasSize(5).allSatisfy(o -> assertThat(o).isPresent());
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.orElseThrow().delivery()).isEqualTo(read.delivery()));
    statuses(failed);
    Message shown = slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 5).messages().get(0);
    assertThat(shown.delivery()).isEqualTo(read.delivery());
    assertThat(
            stores
                .history()
                .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 5)
                .orElseThrow()
                .recentMessages()
                .get(0)
                .delivery())
        .isEqualTo(read.delivery());
  }

  @Test
  void aStatusAheadOfItsMessageIsHeldAndAppliedByTheAppend() {
    var sent = report("wamid.h1", io.parley.domain.model.DeliveryStatus.SENT, 1);
    var delivered = report("wamid.h1", io.parley.domain.model.DeliveryStatus.DELIVERED, 2);
    var failed = report("wamid.h2", io.parley.domain.model.DeliveryStatus.FAILED, 3);
    assertThat(statuses(delivered, failed))
        .containsExactly(java.util.Optional.empty(), java.util.Optional.empty());
    assertThat(statuses(sent)).containsExactly(java.util.Optional.empty());
    AppendedMessage single =
        stores
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.BOT_RESPONSE, "a", "wamid.h1"));
    assertThat(single.message().delivery()).isEqualTo(delivered.delivery());
    List<java.util.Optional<AppendedMessage>> batch =
        stores
            .messages()
            .appendAll(
                tenant,
                List.of(
                    Stores.messageWithProviderId(
                        conversation, MessageType.BOT_RESPONSE, "b", "wamid.h2"),
                    Stores.messageWithProviderId(
                        conversation, MessageType.BOT_RESPONSE, "c", "wamid.h3")));
    assertThat(batch.get(0).orElseThrow().message().delivery()).isEqualTo(failed.delivery());
    assertThat(batch.get(1).orElseThrow().message().delivery()).isNull();
    List<Message> newest = slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 5).messages();
    assertThat(newest.get(1).delivery()).isEqualTo(failed.delivery());
    assertThat(newest.get(2).delivery()).isEqualTo(delivered.delivery());
  }

  /**
   * Each held report is acknowledged for its own time: one that loses to the status already held
   * still extends the hold, so the winner (here the higher status) applies when the message comes
   * after the first report's time but within the second's. A review found the second report lost.
   */
  @Test
  void aReportThatLosesToTheHeldStatusStillKeepsItHeldForItsOwnTime() {
    java.time.Instant now = Stores.now();
    var read = report("wamid.k1", io.parley.domain.model.DeliveryStatus.READ, 5);
    var delivered = report("wamid.k1", io.parley.domain.model.DeliveryStatus.DELIVERED, 1);
    stores
        .messages()
        .applyStatuses(
            tenant,
            List.of(read),
            now.minus(java.time.Duration.ofMinutes(10)),
            now.minus(java.time.Duration.ofMinutes(1)));
    stores
        .messages()
        .applyStatuses(
            tenant,
            List.of(delivered),
            now.minus(java.time.Duration.ofMinutes(5)),
            now.plus(java.time.Duration.ofMinutes(10)));

    AppendedMessage appended =
        stores
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.BOT_RESPONSE, "a", "wamid.k1"));

    assertThat(appended.message().delivery()).isEqualTo(read.delivery());
  }

  @Test
  void aHeldStatusExpiresAndAnotherTenantsStatusNeverApplies() {
    java.time.Instant now = Stores.now();
    stores
        .messages()
        .applyStatuses(
            tenant,
            List.of(report("wamid.x1", io.parley.domain.model.DeliveryStatus.READ, 1)),
            now.minus(java.time.Duration.ofHours(25)),
            now.minus(java.time.Duration.ofHours(1)));
    AppendedMessage late =
        stores
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.BOT_RESPONSE, "a", "wamid.x1"));
    assertThat(late.message().delivery()).as("held past its time").isNull();
    TenantId other = stores.newTenant();
    assertThat(
            stores
                .messages()
                .applyStatuses(
                    other,
                    List.of(report("wamid.x1", io.parley.domain.model.DeliveryStatus.READ, 2)),
                    now,
                    now.plusSeconds(60)))
        .containsExactly(java.util.Optional.empty());
    assertThat(
            slice(MessageFilter.DEFAULT, new HistoryPosition.Newest(), 1)
                .messages()
                .get(0)
                .delivery())
        .isNull();
  }

  @Test
  void aStatusAndItsMessageArrivingAtOnceNeverLoseEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<String> lost = new ArrayList<>();
      for (int round = 0; round < 100; round++) {
        String providerId = "wamid.race" + round;
        boolean single = round % 2 == 0;
        var status = report(providerId, io.parley.domain.model.DeliveryStatus.DELIVERED, round);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        Future<?> statuses =
            pool.submit(
                () -> {
                  start.await();
                  return statuses(status);
                });
        Future<AppendedMessage> append =
            pool.submit(
                () -> {
                  var message =
                      Stores.messageWithProviderId(
                          conversation, MessageType.BOT_RESPONSE, "r", providerId);
                  start.await();
                  return single
                      ? stores.messages().append(tenant, message)
                      : stores.messages().appendAll(tenant, List.of(message)).get(0).orElseThrow();
                });
        statuses.get();
        long seq = append.get().message().seq();
        Message stored =
            slice(MessageFilter.DEFAULT, new HistoryPosition.Before(seq + 1), 1).messages().get(0);
        if (!status.delivery().equals(stored.delivery())) {
          lost.add(providerId);
        }
      }
      assertThat(lost).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private HistorySlice slice(MessageFilter filter, HistoryPosition position, int limit) {
    return stores.history().readSlice(tenant, conversation, filter, position, limit).orElseThrow();
  }

  private HistoryPage page(MessageFilter filter, int page, int size, boolean oldestFirst) {
    return stores
        .history()
        .readPage(tenant, conversation, filter, page, size, oldestFirst)
        .orElseThrow();
  }
}
