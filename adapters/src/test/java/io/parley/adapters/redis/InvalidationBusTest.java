package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.RedisCluster;
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
import redis.clients.jedis.HostAndPort;
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

  /**
   * The watchdog of a cluster subscription: the node it listens through goes silent (its connection
   * stays open and nothing comes back, as in a partition); within seconds the bus drops it,
   * subscribes through another node and hears a change published on the cluster again.
   */
  @Test
  void aSubscriptionThroughASilentClusterNodeMovesToAnotherNode() throws Exception {
    RedisCluster cluster = TestServers.redisCluster();
    List<Integer> ports = cluster.ports();
    RedisConnections clustered =
        RedisConnections.cluster(
            cluster.nodes(), null, Duration.ofMillis(250), Duration.ofMillis(200));
    UnifiedJedis publisher = clustered.client(4);
    closing.add(publisher);
    CuttableProxy silent = new CuttableProxy(ports.get(0));
    closing.add(silent);
    List<HostAndPort> nodes =
        List.of(
            new HostAndPort("127.0.0.1", silent.port()),
            new HostAndPort("127.0.0.1", ports.get(1)));
    InvalidationBus bus = new InvalidationBus(clustered, () -> nodes, AdapterMetrics.none());
    closing.add(bus);
    Heard heard = new Heard();
    bus.start(heard);
    awaitSubscribed(bus);
    Invalidation before = new Invalidation(Invalidation.WINDOW, "t", "before", 0);
    publisher.publish(RedisKeys.INVALIDATIONS, "another|1\n" + line(before));
    assertThat(heard.events.poll(5, TimeUnit.SECONDS))
        .as("heard through the first node (the proxy)")
        .isEqualTo("change " + before + " from another #1");

    silent.cut();
    long cut = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(heard.subscriptions.get()).isEqualTo(2));
    awaitSubscribed(bus);
    long movedMillis = (System.nanoTime() - cut) / 1_000_000;
    System.out.printf("Subscription moved off the silent node in %d ms%n", movedMillis);
    assertThat(movedMillis).as("three missed pongs, then a reconnect").isLessThan(8_000);

    Invalidation after = new Invalidation(Invalidation.WINDOW, "t", "after", 0);
    publisher.publish(RedisKeys.INVALIDATIONS, "another|2\n" + line(after));
    assertThat(heard.events.poll(5, TimeUnit.SECONDS))
        .as("heard through the other node")
        .isEqualTo("change " + after + " from another #2");
  }

  private static String line(Invalidation change) {
    return change.kind() + "|" + change.tenant() + "|" + change.subject() + "|" + change.version();
  }
}
