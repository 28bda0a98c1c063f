package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.AppendBatchUseCase;
import io.parley.domain.port.in.AppendMessageUseCase.Command;
import io.parley.domain.port.in.ReadHistoryUseCase.PageQuery;
import io.parley.domain.port.in.ReadHistoryUseCase.SliceQuery;
import io.parley.domain.port.in.RecordDeliveryStatusesUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusesUseCase.Report;
import io.parley.domain.port.out.ConversationHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Appending, statuses and history reads against the in-memory stores. */
class MessageServiceTest {
  private static final Duration HELD_FOR = Duration.ofHours(24);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  private final InMemoryStores fakes = InMemoryStores.create(clock);
  private final Stores stores = fakes.stores();
  private final MessageService service =
      new MessageService(fakes.conversations(), fakes.conversations(), clock, HELD_FOR, 1_000);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000701");

  private Command inbound(String text, String providerMessageId) {
    return new Command(
        tenant,
        conversation,
        Direction.IN,
        MessageType.CUSTOMER_INBOUND,
        text,
        null,
        providerMessageId);
  }

  private Command withPayload(String payloadJson) {
    return new Command(
        tenant, conversation, Direction.OUT, MessageType.BOT_RESPONSE, null, payloadJson, null);
  }

  @Test
  void anAppendIsRefusedNamingTheFieldAtFault() {
    assertThatThrownBy(() -> service.append(inbound(null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("text is required when there is no payload");
    assertThatThrownBy(() -> service.append(withPayload("{\"a\":\"" + "x".repeat(1_000) + "\"}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("payload is 1008 bytes as stored JSON; at most 1000");
    assertThatThrownBy(() -> service.append(withPayload("{\"a\":\"\\u0000\"}")))
        .hasMessage("payload must not contain NUL characters");
    Command early =
        new Command(
            tenant,
            conversation,
            Direction.IN,
            MessageType.CUSTOMER_INBOUND,
            "hi",
            null,
            null,
            clock.instant().plus(MessageService.MAX_SENT_AHEAD).plusSeconds(1));
    assertThatThrownBy(() -> service.append(early))
        .hasMessage("sentAt must be at most 5 minutes in the future");
  }

  @Test
  void aRetriedProviderMessageIdGivesBackTheStoredMessage() {
    AppendedMessage first = service.append(inbound("hi", "wamid.1"));
    AppendedMessage retry = service.append(inbound("hi", "wamid.1"));

    assertThat(first.created()).isTrue();
    assertThat(retry.created()).isFalse();
    assertThat(retry.message().id()).isEqualTo(first.message().id());
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(1);
  }

  @Test
  void aBatchAnswersEveryMessageInInputOrder() {
    ConversationId unknown = new ConversationId(Ids.next(clock));
    Command missing =
        new Command(tenant, unknown, Direction.IN, MessageType.CUSTOMER_INBOUND, "x", null, null);

    List<AppendBatchUseCase.Outcome> outcomes =
        service.appendAll(
            tenant,
            List.of(inbound("one", null), inbound(null, null), missing, inbound("two", null)));

    assertThat(outcomes.get(0)).isInstanceOf(AppendBatchUseCase.Appended.class);
    assertThat(outcomes.get(1))
        .isEqualTo(new AppendBatchUseCase.Invalid("text is required when there is no payload"));
    assertThat(outcomes.get(2)).isInstanceOf(AppendBatchUseCase.ConversationMissing.class);
    assertThat(((AppendBatchUseCase.Appended) outcomes.get(3)).appended().message().seq())
        .isEqualTo(2);
  }

  private Report status(String providerMessageId, String status) {
    return new Report(providerMessageId, status, clock.instant(), null, null);
  }

  @Test
  void aStatusBeforeItsMessageIsHeldForTheConfiguredTimeOnly() {
    List<RecordDeliveryStatusesUseCase.Recorded> recorded =
        service.record(
            tenant, List.of(status("wamid.2", "delivered"), status("wamid.3", "delivered")));
    assertThat(recorded).allMatch(r -> r instanceof RecordDeliveryStatusesUseCase.Held);

    Message inTime = service.append(inbound("hi", "wamid.2")).message();
    clock.advance(HELD_FOR.plusSeconds(1));
    Message tooLate = service.append(inbound("hi", "wamid.3")).message();

    assertThat(inTime.delivery().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(tooLate.delivery()).isNull();
  }

  @Test
  void anInvalidStatusReportIsRefusedAloneAndTheOthersApplied() {
    service.append(inbound("hi", "wamid.4"));

    List<RecordDeliveryStatusesUseCase.Recorded> recorded =
        service.record(
            tenant,
            List.of(
                status("wamid.4", "opened"),
                new Report("wamid.4", "read", null, null, null),
                status("wamid.4", "read")));

    assertThat(((RecordDeliveryStatusesUseCase.Refused) recorded.get(0)).message())
        .startsWith("status ");
    assertThat(recorded.get(1))
        .isEqualTo(new RecordDeliveryStatusesUseCase.Refused("at is required"));
    assertThat(
            ((RecordDeliveryStatusesUseCase.Applied) recorded.get(2)).message().delivery().status())
        .isEqualTo(DeliveryStatus.READ);
  }

  @Test
  void readsRefuseNonPositiveSizesAndAnotherTenantsConversationIsNotFound() {
    TenantId other = stores.newTenant();

    assertThatThrownBy(() -> service.readSlice(slice(tenant, 0, 0)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("limit must be at least 1");
    assertThatThrownBy(
            () ->
                service.readPage(
                    new PageQuery(tenant, conversation, MessageFilter.DEFAULT, 0, 10, false, 0)))
        .hasMessage("page must be at least 1");
    assertThatThrownBy(
            () ->
                service.readPage(
                    new PageQuery(tenant, conversation, MessageFilter.DEFAULT, 1, 0, false, 0)))
        .hasMessage("pageSize must be at least 1");
    assertThatThrownBy(() -> service.readSlice(slice(other, 10, 0)))
        .isInstanceOf(NotFoundException.class);
  }

  private SliceQuery slice(TenantId owner, int limit, long minSeq) {
    return new SliceQuery(
        owner, conversation, MessageFilter.DEFAULT, new HistoryPosition.Newest(), limit, minSeq);
  }

  @Test
  void aReplicaBehindTheClientsMinSeqIsPassedOverForTheStoreOfRecord() {
    for (int i = 0; i < 3; i++) {
      service.append(inbound("m" + i, null));
    }
    MessageService lagging =
        new MessageService(fakes.conversations(), replicaUpTo(2), clock, HELD_FOR, 1_000);

    HistorySlice stale = lagging.readSlice(slice(tenant, 10, 0));
    HistorySlice fresh = lagging.readSlice(slice(tenant, 10, 3));
    HistoryPage page =
        lagging.readPage(
            new PageQuery(tenant, conversation, MessageFilter.DEFAULT, 1, 10, false, 3));

    assertThat(stale.messages()).extracting(Message::seq).containsExactly(2L, 1L);
    assertThat(fresh.messages()).extracting(Message::seq).containsExactly(3L, 2L, 1L);
    assertThat(page.messages()).hasSize(3);
  }

  /** A replica that has applied the messages up to {@code seq}; its primary is the fake. */
  private ConversationHistory replicaUpTo(long seq) {
    ConversationHistory primary = fakes.conversations();
    return new ConversationHistory() {
      @Override
      public Optional<HistorySlice> readSlice(
          TenantId t, ConversationId c, MessageFilter f, HistoryPosition p, int limit) {
        return primary
            .readSlice(t, c, f, p, limit)
            .map(
                s ->
                    new HistorySlice(
                        s.messages().stream().filter(m -> m.seq() <= seq).toList(), false));
      }

      @Override
      public Optional<io.parley.domain.model.ConversationWindow> recentWindow(
          TenantId t, ConversationId c, MessageFilter f, int limit) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<HistoryPage> readPage(
          TenantId t, ConversationId c, MessageFilter f, int page, int size, boolean oldestFirst) {
        return Optional.of(new HistoryPage(List.of(), 0));
      }

      @Override
      public ConversationHistory primary() {
        return primary;
      }
    };
  }
}
