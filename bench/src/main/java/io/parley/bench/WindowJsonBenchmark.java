package io.parley.bench;

import io.parley.adapters.json.WindowJson;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Microseconds to write and to read a full conversation window as the shared cache keeps it (51
 * messages, customer and bot alternating, each bot reply with a delivery status, instants at
 * microsecond precision as PostgreSQL returns them): what an append pays for the window in Java,
 * once or twice per append (bench/results/2026-12-07/webhooks-session17.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowJsonBenchmark {
  private ConversationWindow window;
  private String json;

  @Setup
  public void build() {
    ConversationId id = new ConversationId(UUID.randomUUID());
    Instant start = Instant.parse("2026-12-07T10:15:30.123456Z");
    List<Message> messages = new ArrayList<>();
    for (long seq = 950; seq <= 1000; seq++) {
      boolean customer = seq % 2 == 1;
      Instant at = start.plusNanos(seq * 7_654_321_000L);
      messages.add(
          new Message(
              new MessageId(UUID.randomUUID()),
              id,
              seq,
              customer ? Direction.IN : Direction.OUT,
              customer ? MessageType.CUSTOMER_INBOUND : MessageType.BOT_RESPONSE,
              customer
                  ? "nataka viatu vyekundu size 42 #" + seq
                  : "Sawa! Tuna viatu vyekundu size 42: 1. Nike Air 4500 2. Bata 2900 3. Puma 3800",
              null,
              "wamid.HBgMMjU0NzAwMDAwMDAxFQIAEhggQ0FFQjM" + seq,
              at,
              at.minusMillis(200),
              customer ? null : new Delivery(DeliveryStatus.READ, at.plusSeconds(3), null, null)));
    }
    Conversation conversation =
        new Conversation(
            id,
            new TenantId(UUID.randomUUID()),
            "whatsapp",
            ConversationStatus.OPEN,
            new Customer(
                new CustomerId(UUID.randomUUID()), "whatsapp", "+254700000001", "Wanjiku", "sw"),
            1000,
            null,
            List.of(),
            start,
            messages.get(messages.size() - 1).createdAt(),
            messages.get(messages.size() - 2).sentAt(),
            null);
    window = new ConversationWindow(conversation, messages);
    json = WindowJson.write(window);
  }

  @Benchmark
  public String write() {
    return WindowJson.write(window);
  }

  @Benchmark
  public ConversationWindow read() {
    return WindowJson.read(json);
  }
}
