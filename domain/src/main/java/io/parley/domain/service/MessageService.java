package io.parley.domain.service;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Texts;
import io.parley.domain.port.in.AppendBatchUseCase;
import io.parley.domain.port.in.AppendMessageUseCase;
import io.parley.domain.port.in.ReadHistoryUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusesUseCase;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.MessageStore.NewMessage;
import io.parley.domain.port.out.MessageStore.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Appends messages, records their delivery statuses and pages through history. */
public final class MessageService
    implements AppendMessageUseCase,
        AppendBatchUseCase,
        ReadHistoryUseCase,
        RecordDeliveryStatusesUseCase {
  private static final int MAX_PROVIDER_ID = 255;

  /** How far ahead of this server's clock a provider's timestamp may be (clock skew). */
  public static final java.time.Duration MAX_SENT_AHEAD = java.time.Duration.ofMinutes(5);

  /**
   * The earliest provider time ({@code sentAt}, a status's {@code at}) accepted. No messaging
   * provider Parley serves stamped anything before 2000, and the bound also refuses a client's zero
   * or epoch default (1970-01-01) and times PostgreSQL would store as -infinity, which no read
   * could show.
   */
  public static final Instant EARLIEST_PROVIDER_TIME = Instant.parse("2000-01-01T00:00:00Z");

  private final MessageStore messages;
  private final ConversationHistory history;
  private final Clock clock;
  private final Duration statusHeldFor;
  private final int maxPayloadBytes;

  /** The contract's default for {@code messages.maxPayloadBytes}: 16 KiB as stored JSON. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;

  public MessageService(MessageStore messages, ConversationHistory history, Clock clock) {
    this(messages, history, clock, Duration.ofHours(24), DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * {@code statusHeldFor}: how long a status waits for its message (statuses.pendingTtl); {@code
   * maxPayloadBytes}: the largest payload, as stored JSON (messages.maxPayloadBytes).
   */
  public MessageService(
      MessageStore messages,
      ConversationHistory history,
      Clock clock,
      Duration statusHeldFor,
      int maxPayloadBytes) {
    this.messages = messages;
    this.history = history;
    this.clock = clock;
    this.statusHeldFor = statusHeldFor;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public List<RecordDeliveryStatusesUseCase.Recorded> record(
      TenantId tenant, List<Report> reports) {
    RecordDeliveryStatusesUseCase.Recorded[] outcomes =
        new RecordDeliveryStatusesUseCase.Recorded[reports.size()];
    List<StatusReport> valid = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      try {
        valid.add(validated(reports.get(i)));
        positions.add(i);
      } catch (InvalidInputException e) {
        outcomes[i] = new RecordDeliveryStatusesUseCase.Refused(e.getMessage());
      }
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<Optional<Message>> applied =
        valid.isEmpty()
            ? List.of()
            : messages.applyStatuses(tenant, valid, now, now.plus(statusHeldFor));
    for (int j = 0; j < applied.size(); j++) {
      outcomes[positions.get(j)] =
          applied
              .get(j)
              .<RecordDeliveryStatusesUseCase.Recorded>map(
                  RecordDeliveryStatusesUseCase.Applied::new)
              .orElseGet(RecordDeliveryStatusesUseCase.Held::new);
    }
    return List.of(outcomes);
  }

  private static StatusReport validated(Report report) {
    Texts.require("providerMessageId", report.providerMessageId(), MAX_PROVIDER_ID);
    DeliveryStatus status = DeliveryStatus.parse("status", report.status());
    if (report.at() == null) {
      throw new InvalidInputException("at", "is required");
    }
    requireNotTooOld("at", report.at());
    Texts.requireOptional("error.code", report.errorCode(), MAX_PROVIDER_ID);
    Texts.requireOptional("error.title", report.errorTitle(), 1_000);
    return new StatusReport(
        report.providerMessageId(),
        new Delivery(
            status,
            report.at().truncatedTo(ChronoUnit.MICROS),
            report.errorCode(),
            report.errorTitle()));
  }

  @Override
  public AppendedMessage append(AppendMessageUseCase.Command command) {
    return messages.append(command.tenant(), validated(command));
  }

  @Override
  public List<Outcome> appendAll(TenantId tenant, List<AppendMessageUseCase.Command> commands) {
    Outcome[] outcomes = new Outcome[commands.size()];
    List<NewMessage> valid = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      try {
        valid.add(validated(commands.get(i)));
        positions.add(i);
      } catch (InvalidInputException e) {
        outcomes[i] = new Invalid(e.getMessage());
      }
    }
    List<Optional<AppendedMessage>> stored =
        valid.isEmpty() ? List.of() : messages.appendAll(tenant, valid);
    for (int j = 0; j < stored.size(); j++) {
      outcomes[positions.get(j)] =
          stored.get(j).<Outcome>map(Appended::new).orElseGet(ConversationMissing::new);
    }
    return List.of(outcomes);
  }

  /** The command as a message to store, or why not. */
  private NewMessage validated(AppendMessageUseCase.Command command) {
    Objects.requireNonNull(command.direction(), "direction");
    Objects.requireNonNull(command.type(), "type");
    if (command.text() == null && command.payloadJson() == null) {
      throw new InvalidInputException("text", "is required when there is no payload");
    }
    Texts.requireOptional("text", command.text(), Message.MAX_TEXT_LENGTH);
    if (command.providerMessageId() != null) {
      Texts.require("providerMessageId", command.providerMessageId(), MAX_PROVIDER_ID);
    }
    Texts.requireStorableJson("payload", command.payloadJson());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant sentAt =
        command.sentAt() == null ? null : command.sentAt().truncatedTo(ChronoUnit.MICROS);
    if (sentAt != null && sentAt.isAfter(now.plus(MAX_SENT_AHEAD))) {
      throw new InvalidInputException("sentAt", "must be at most 5 minutes in the future");
    }
    if (sentAt != null) {
      requireNotTooOld("sentAt", sentAt);
    }
    requireSmallPayload(command.payloadJson());
    NewMessage message =
        new NewMessage(
            new MessageId(Ids.next(clock)),
            command.conversation(),
            command.direction(),
            command.type(),
            command.text(),
            command.payloadJson(),
            command.providerMessageId(),
            now,
            sentAt);
    return message;
  }

  private static void requireNotTooOld(String field, Instant providerTime) {
    if (providerTime.isBefore(EARLIEST_PROVIDER_TIME)) {
      throw new InvalidInputException(
          field,
          "must not be before " + EARLIEST_PROVIDER_TIME + " (an implausible provider time)");
    }
  }

  /** A payload rides in every window and page that holds its message: it must stay small. */
  private void requireSmallPayload(String payloadJson) {
    if (payloadJson == null || payloadJson.length() <= maxPayloadBytes / 3) {
      return;
    }
    int bytes = payloadJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > maxPayloadBytes) {
      throw new InvalidInputException(
          "payload",
          "is "
              + bytes
              + " bytes as stored JSON; at most "
              + maxPayloadBytes
              + " (messages.maxPayloadBytes)");
    }
  }

  @Override
  public HistorySlice readSlice(SliceQuery query) {
    requirePositive("limit", query.limit());
    HistorySlice slice =
        history
            .readSlice(
                query.tenant(),
                query.conversation(),
                query.filter(),
                query.position(),
                query.limit())
            .orElseThrow(() -> new NotFoundException("conversation"));
    boolean shows =
        query.minSeq() <= 0
            || query.position() instanceof HistoryPosition.Newest
                && !slice.messages().isEmpty()
                && slice.messages().get(0).seq() >= query.minSeq();
    if (shows) {
      return slice;
    }
    return history
        .primary()
        .readSlice(
            query.tenant(), query.conversation(), query.filter(), query.position(), query.limit())
        .orElseThrow(() -> new NotFoundException("conversation"));
  }

  @Override
  public HistoryPage readPage(PageQuery query) {
    requirePositive("page", query.page());
    requirePositive("pageSize", query.pageSize());
    return (query.minSeq() > 0 ? history.primary() : history)
        .readPage(
            query.tenant(),
            query.conversation(),
            query.filter(),
            query.page(),
            query.pageSize(),
            query.oldestFirst())
        .orElseThrow(() -> new NotFoundException("conversation"));
  }

  private static void requirePositive(String field, int value) {
    if (value < 1) {
      throw new InvalidInputException(field, "must be at least 1");
    }
  }
}
