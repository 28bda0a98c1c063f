package io.parley.adapters.demo;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore.NewConversation;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.MessageStore.NewMessage;
import io.parley.domain.port.out.MessageStore.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One conversation of the first demo tenant that shows what WhatsApp adds (issue 26): delivery
 * statuses reported out of order and one ahead of its message, an open 24-hour service window, and
 * a human handoff started by an agent's message. Written through the stores, as the service would.
 */
final class DemoShowcase {
  private DemoShowcase() {}

  static ConversationId create(PostgresAdapters adapters, TenantId tenant, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ConversationId conversation =
        adapters
            .conversations()
            .startOrResume(
                tenant,
                new NewConversation(
                    new ConversationId(Ids.next(clock)),
                    new CustomerId(Ids.next(clock)),
                    "whatsapp",
                    "+254700999999",
                    "Wanjiku",
                    "sw",
                    now))
            .conversation()
            .id();
    MessageStore messages = adapters.messages();
    Instant asked = now.minus(Duration.ofHours(2));
    append(
        messages,
        tenant,
        conversation,
        clock,
        MessageType.CUSTOMER_INBOUND,
        "Nataka viatu vyekundu",
        null,
        asked);
    append(
        messages,
        tenant,
        conversation,
        clock,
        MessageType.BOT_RESPONSE,
        "Tuna Nike Air Max Red kwa KES 4,500",
        "wamid.demo.1",
        asked.plusSeconds(5));
    // The provider's webhooks: "read" before "sent", "delivered" twice, and one for a message the
    // bot has not recorded yet (held, then applied by its append).
    messages.applyStatuses(
        tenant,
        List.of(
            status("wamid.demo.1", DeliveryStatus.READ, asked.plusSeconds(40)),
            status("wamid.demo.1", DeliveryStatus.SENT, asked.plusSeconds(6)),
            status("wamid.demo.1", DeliveryStatus.DELIVERED, asked.plusSeconds(8)),
            status("wamid.demo.1", DeliveryStatus.DELIVERED, asked.plusSeconds(8)),
            status("wamid.demo.2", DeliveryStatus.DELIVERED, asked.plusSeconds(70))),
        now,
        now.plus(Duration.ofHours(24)));
    append(
        messages,
        tenant,
        conversation,
        clock,
        MessageType.BOT_RESPONSE,
        "Ungependa saizi gani?",
        "wamid.demo.2",
        asked.plusSeconds(65));
    append(
        messages,
        tenant,
        conversation,
        clock,
        MessageType.MANUAL_OUTBOUND,
        "Habari Wanjiku, ni Achieng' kutoka dukani; nitakusaidia.",
        "wamid.demo.3",
        now.minusSeconds(60));
    return conversation;
  }

  private static void append(
      MessageStore messages,
      TenantId tenant,
      ConversationId conversation,
      Clock clock,
      MessageType type,
      String text,
      String providerId,
      Instant sentAt) {
    messages.append(
        tenant,
        new NewMessage(
            new MessageId(Ids.next(clock)),
            conversation,
            type == MessageType.CUSTOMER_INBOUND ? Direction.IN : Direction.OUT,
            type,
            text,
            null,
            providerId,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            sentAt));
  }

  private static StatusReport status(String providerId, DeliveryStatus status, Instant at) {
    return new StatusReport(providerId, new Delivery(status, at, null, null));
  }
}
