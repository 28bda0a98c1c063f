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
        new InvalidationBus(connections, connections::seeds, AdapterMetrics.none());
    closing.add(bus);
    return bus;
  }

  private static void awaitSubscribed(InvalidationBus bus) {
    await().atMost(Duration.ofSeconds(5)).until(bus::isSubscribed);
  }

  /** What a bus heard, in order. */
  private static final class Heard implements InvalidationBus.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final AtomicInteger subscriptions = new AtomicInteger();

    @Override
    public void changed(List<Invalidation> changes, String origin, long id) {
      changes.forEach(c -> events.add("change " + c + " from " + origin + " #" + id));
    }

    @Override
    public void heartbeat(long id) {
      events.add("heartbeat #" + id);
    }

    @Override
    public void acknowledged(long id, String member) {
      events.add("ack #" + id + " by " + member);
    }

    @Override
    public void subscribed() {
      subscriptions.incrementAndGet();
    }
  }

  @Test
  void anotherInstanceHearsAChangeAndItsAcknowledgementReachesTheSenderAlone() throws Exception {
    InvalidationBus sender = bus();
    InvalidationBus receiver = bus();
    Heard bySender = new Heard();
    Heard byReceiver = new Heard();
    sender.start(bySender);
    receiver.start(byReceiver);
    awaitSubscribed(sender);
    awaitSubscribed(receiver);
    Invalidation change =
        new Invalidation(Invalidation.REFERENCE_CONTEXT, "tenant-a", "conversation-b", 7);

    redis.publish(RedisKeys.INVALIDATIONS, sender.changeMessage(List.of(change, change), 41));

    assertThat(byReceiver.events.poll(5, TimeUnit.SECONDS))
        .isEqualTo("change " + change + " from " + sender.origin() + " #41");
    assertThat(byReceiver.events.poll(5, TimeUnit.SECONDS))
        .isEqualTo("change " + change + " from " + sender.origin() + " #41");
    assertThat(bySender.events.poll(200, TimeUnit.MILLISECONDS))
        .as("the sender does not hear its own change")
        .isNull();

    redis.publish(
        InvalidationBus.acknowledgementChannel(sender.origin()), receiver.acknowledgement(41));

    assertThat(bySender.events.poll(5, TimeUnit.SECONDS))
        .isEqualTo("ack #41 by " + receiver.origin());
    assertThat(byReceiver.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aHeartbeatComesBackToItsSenderAfterEverythingSentBeforeIt() throws Exception {
    InvalidationBus sender = bus();
    InvalidationBus receiver = bus();
    Heard bySender = new Heard();
    Heard byReceiver = new Heard();
    sender.start(bySender);
    receiver.start(byReceiver);
    awaitSubscribed(sender);
    awaitSubscribed(receiver);
    Invalidation change = new Invalidation(Invalidation.WINDOW, "t", "c", 0);

    redis.publish(RedisKeys.INVALIDATIONS, receiver.changeMessage(List.of(change), 1));
    redis.publish(RedisKeys.INVALIDATIONS, sender.heartbeatMessage(2));

    assertThat(bySender.events.poll(5, TimeUnit.SECONDS))
        .isEqualTo("change " + change + " from " + receiver.origin() + " #1");
    assertThat(bySender.events.poll(5, TimeUnit.SECONDS)).isEqualTo("heartbeat #2");
    assertThat(byReceiver.events.poll(200, TimeUnit.MILLISECONDS))
        .as("another instance's heartbeat is not the receiver's")
        .isNull();
  }

  @Test
  void aDroppedSubscriptionReconnectsAndTellsItsListener() throws Exception {
    InvalidationBus bus = bus();
    Heard heard = new Heard();
    bus.start(heard);
    awaitSubscribed(bus);
    assertThat(heard.subscriptions.get()).isEqualTo(1);

    redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(heard.subscriptions.get()).isEqualTo(2));
    awaitSubscribed(bus);
  }
}
