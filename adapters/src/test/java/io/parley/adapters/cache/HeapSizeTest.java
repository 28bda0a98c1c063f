package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import io.parley.adapters.json.ReferenceContextJson;
import io.parley.adapters.json.WindowJson;
import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListType;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** The size estimate the near-caches are bounded by, against the JVM's own layout (JOL). */
class HeapSizeTest {
  static {
    // records' field offsets are not handed out by Unsafe: JOL finds them its other way
    System.setProperty("jol.magicFieldOffset", "true");
  }

  private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

  @Test
  void aStringIsItsObjectAndItsBytes() {
    String latin1 = new String("nataka ya pili");
    String utf16 = new String("ninataka ile ya pili \u2014 nyekundu");

    assertThat(HeapSize.of(latin1)).isEqualTo(GraphLayout.parseInstance(latin1).totalSize());
    assertThat(HeapSize.of(utf16)).isEqualTo(GraphLayout.parseInstance(utf16).totalSize());
  }

  @Test
  void anObjectReachedTwiceCountsOnce() {
    String text = new String("the second one");
    String other = new String("the second one");

    assertThat(HeapSize.of(List.of(text, other)) - HeapSize.of(List.of(text, text)))
        .isEqualTo(HeapSize.of(other));
  }

  @Test
  void theCachedValuesAreEstimatedWithinAFifthOfTheirLayout() {
    List<Object> values =
        List.of(
            Optional.of(apiKey()),
            new ContextLookup.Newest(referenceContext(5)),
            new ContextLookup.Newest(referenceContext(50)),
            window(20),
            window(100));
    for (Object value : values) {
      long layout = GraphLayout.parseInstance(value).totalSize();
      assertThat((double) HeapSize.of(value))
          .as(value.getClass().getSimpleName() + " of " + layout + " bytes")
          .isBetween(0.8 * layout, 1.2 * layout);
    }
  }

  @Test
  void aNearCacheHoldsNoMoreThanItsBytes() {
    long bound = 64 << 10;
    NearCacheSettings settings = NearCacheSettings.of(Duration.ofMinutes(5), bound);
    Cache<String, ContextLookup> cache =
        settings.<String, ContextLookup>builder("referenceContexts").build();
    long each = HeapSize.weigh("conversation-0000", new ContextLookup.Newest(referenceContext(5)));

    for (int i = 0; i < 200; i++) {
      cache.put(
          String.format("conversation-%04d", i), new ContextLookup.Newest(referenceContext(5)));
    }
    cache.cleanUp();

    long held =
        cache.asMap().entrySet().stream()
            .mapToLong(e -> HeapSize.weigh(e.getKey(), e.getValue()))
            .sum();
    assertThat(held).isLessThanOrEqualTo(bound);
    assertThat(cache.estimatedSize()).isEqualTo(bound / each);
    assertThat(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .isEqualTo(held);
  }

  @Test
  void eachNearCacheHasItsOwnBound() {
    NearCacheSettings settings =
        new NearCacheSettings(
            Duration.ofMinutes(5),
            name -> name.equals("apiKeys") ? 1 << 20 : 2 << 20,
            com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
            name -> com.github.benmanes.caffeine.cache.stats.StatsCounter.disabledStatsCounter());

    assertThat(maximum(settings.builder("apiKeys").build())).isEqualTo(1 << 20);
    assertThat(maximum(settings.keptWhileUsedBuilder("catalog").build())).isEqualTo(2 << 20);
  }

  private static long maximum(Cache<?, ?> cache) {
    return cache.policy().eviction().orElseThrow().getMaximum();
  }

  private static ApiKey apiKey() {
    return new ApiKey(
        new ApiKeyId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        "load harness",
        ApiKeyScope.BOT,
        KeyHash.of("prl_0123456789abcdef0123456789abcdef_secretsecretsecret"),
        NOW);
  }

  private static ReferenceContext referenceContext(int items) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 1; i <= items; i++) {
      json.append(i == 1 ? "" : ",")
          .append("{\"id\":\"p")
          .append(i)
          .append("\",\"title\":\"Nike Air Max Red ")
          .append(i)
          .append("\",\"price\":\"4500.00\"}");
    }
    return new ReferenceContext(
        UUID.randomUUID(),
        new ConversationId(UUID.randomUUID()),
        3,
        ListType.PRODUCTS,
        ReferenceContextJson.items(json.append(']').toString()),
        NOW,
        NOW.plusSeconds(3600),
        "wamid.HBgM" + UUID.randomUUID());
  }

  /** A window as the windows' near-cache holds it: decoded from the JSON Redis keeps. */
  private static ConversationWindow window(int messages) {
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
              i % 2 == 0 ? "Tuna Nike Air Max Red kwa 4500" : "nataka ya pili",
              null,
              "wamid.HBgM" + i,
              NOW.plusSeconds(i)));
    }
    return WindowJson.read(WindowJson.write(new ConversationWindow(conversation, recent)));
  }
}
