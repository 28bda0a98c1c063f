package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.cache.HeapSize;
import io.parley.adapters.json.WindowJson;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The windows' near-cache weighs a window from its JSON: no less than the heap it takes. */
class ConversationWindowsWeightTest {
  private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

  @Test
  void aWindowWeighsAtLeastItsHeapAndAtMostTwiceIt() {
    for (String text : List.of("nataka ya pili", "أريد الثاني من فضلك", "要第二个")) {
      for (int messages : List.of(0, 1, 5, 20, 100)) {
        String json = WindowJson.write(window(messages, text));
        ConversationWindow decoded = WindowJson.read(json);
        long heap = HeapSize.of(decoded);

        assertThat((long) WindowRedisCache.heapBytes(json))
            .as(messages + " messages of " + text)
            .isBetween(heap, 2 * heap);
      }
    }
  }

  private static ConversationWindow window(int messages, String text) {
    ConversationId id = new ConversationId(UUID.randomUUID());
    Conversation conversation =
        new Conversation(
            id,
            new TenantId(UUID.randomUUID()),
            "whatsapp",
            ConversationStatus.OPEN,
            new Customer(
                new CustomerId(UUID.randomUUID()), "whatsapp", "+254700000123", "Amina", "sw"),
            messages,
            null,
            List.of(),
            NOW,
            NOW);
    List<Message> recent = new ArrayList<>();
    for (int i = 1; i <= messages; i++) {
      recent.add(
          new Message(
              new MessageId(UUID.randomUUID()),
              id,
              i,
              i % 2 == 0 ? Direction.OUT : Direction.IN,
              i % 2 == 0 ? MessageType.BOT_RESPONSE : MessageType.CUSTOMER_INBOUND,
              text + " " + i,
              null,
              "wamid.HBgM" + i,
              NOW.plusSeconds(i)));
    }
    return new ConversationWindow(conversation, recent);
  }
}
