package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

class InvalidationBusTest {
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private RedisConnections connections;
  private UnifiedJedis redis;

  @BeforeEach
  void connect() {
    connections =
        RedisConnections.of(
            TestServers.redis().url(), Duration.ofMillis(250), Duration.ofMillis(200));
    redis = connections.client(4);
    closing.add(redis);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private InvalidationBus bus() {
    InvalidationBus bus =
        new InvalidationBus(
            connections,
            connections::seeds,
            new RedisGuard(redis, Duration.ofSeconds(1), AdapterMetrics.none()),
            AdapterMetrics.none());
    closing.add(bus);
    return bus;
  }

  private static void awaitSubscribed(InvalidationBus bus) {
    await().atMost(Duration.ofSeconds(5)).until(bus::isSubscribed);
  }

  @Test
  void anotherInstanceHearsWhatOnePublishesAndTheSenderIgnoresItsOwn() throws Exception {
    InvalidationBus sender = bus();
    InvalidationBus receiver = bus();
    BlockingQueue<Invalidation> heardBySender = new LinkedBlockingQueue<>();
    BlockingQueue<Invalidation> heardByReceiver = new LinkedBlockingQueue<>();
    sender.onInvalidation(heardBySender::add);
    receiver.onInvalidation(heardByReceiver::add);
    sender.start();
    receiver.start();
    awaitSubscribed(sender);
    awaitSubscribed(receiver);

    sender.publish(Invalidation.REFERENCE_CONTEXT, "tenant-a", "conversation-b", 7);

    Invalidation heard = heardByReceiver.poll(5, TimeUnit.SECONDS);
    assertThat(heard).isNotNull();
    assertThat(heard.tenant()).isEqualTo("tenant-a");
    assertThat(heard.subject()).isEqualTo("conversation-b");
    assertThat(heard.version()).isEqualTo(7);
    assertThat(heardBySender.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aDroppedSubscriptionReconnectsAndTellsItsListeners() throws Exception {
    InvalidationBus bus = bus();
    AtomicInteger subscriptions = new AtomicInteger();
    bus.onReconnect(subscriptions::incrementAndGet);
    bus.start();
    awaitSubscribed(bus);
    assertThat(subscriptions.get()).isEqualTo(1);

    redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(subscriptions.get()).isEqualTo(2));
    awaitSubscribed(bus);
  }
}
