package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.LogSafe;
import io.parley.adapters.cache.Invalidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The transport of cache coherence: one Redis pub/sub channel every instance hears (changes and
 * heartbeats, each with its sender and a number), and a channel of its own on which this instance
 * hears the acknowledgements of what it sent. The subscription lives on a connection of its own, is
 * pinged every second (a silent connection is dropped after three), and reconnects with backoff; on
 * every (re)subscription the listener hears of it, since messages may have been missed meanwhile.
 * Nothing here decides what a change means: see {@link RedisCoherence}.
 */
public final class InvalidationBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);
  private static final long SILENCE_LIMIT = Duration.ofSeconds(3).toNanos();
  private static final String HEARTBEAT = "hb";
  private static final String ACKNOWLEDGEMENTS = "parley:acks:";

  /** What the bus hears. Called on the subscription's thread, in the order Redis sent it. */
  public interface Listener {
    /** Another instance's changes, numbered {@code id} by their sender {@code origin}. */
    void changed(List<Invalidation> changes, String origin, long id);

    /** This instance's own heartbeat {@code id} came back: everything sent before it was heard. */
    void heartbeat(long id);

    /** {@code member} acknowledged this instance's message {@code id}. */
    void acknowledged(long id, String member);

    /** The subscription was (re)established: messages may have been missed before it. */
    void subscribed();

    /**
     * The subscription ended (Redis restarted or closed it, or it went silent): from now on this
     * instance hears no changes until it is subscribed again.
     */
    default void unsubscribed() {}
  }

  private final String origin = UUID.randomUUID().toString();
  private final RedisConnections connections;
  private final Supplier<List<HostAndPort>> nodes;
  private final AdapterMetrics metrics;
  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "parley-invalidations");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Listener listener;
  private volatile Jedis connection;
  private volatile Subscriber subscriber;
  private volatile boolean closed;
  private long backoffMillis = 100;
  private int attempts;

  /**
   * {@code nodes} are where the subscription may connect, tried in turn: on a cluster any node
   * hears every PUBLISH (the cluster bus forwards it), so losing one node loses nothing.
   */
  public InvalidationBus(
      RedisConnections connections, Supplier<List<HostAndPort>> nodes, AdapterMetrics metrics) {
    this.connections = connections;
    this.nodes = nodes;
    this.metrics = metrics;
    metrics.gauge("invalidations.subscribed", () -> isSubscribed() ? 1 : 0);
  }

  /** This instance's name on the bus. */
  public String origin() {
    return origin;
  }

  /** The message that tells every instance of {@code changes}, numbered {@code id}. */
  public String changeMessage(List<Invalidation> changes, long id) {
    StringBuilder message = new StringBuilder(origin).append('|').append(id);
    for (Invalidation change : changes) {
      message
          .append('\n')
          .append(change.kind())
          .append('|')
          .append(change.tenant())
          .append('|')
          .append(change.subject())
          .append('|')
          .append(change.version());
    }
    return message.toString();
  }

  /** The heartbeat numbered {@code id}, heard back by this instance alone. */
  public String heartbeatMessage(long id) {
    return origin + "|" + id + "\n" + HEARTBEAT;
  }

  /** Where {@code member} acknowledges this instance's message {@code id}, and what it says. */
  public static String acknowledgementChannel(String sender) {
    return ACKNOWLEDGEMENTS + sender;
  }

  public String acknowledgement(long id) {
    return id + "|" + origin;
  }

  public void start(Listener listener) {
    this.listener = listener;
    executor.execute(this::subscribe);
    executor.scheduleAtFixedRate(this::checkConnection, 1, 1, TimeUnit.SECONDS);
  }

  public boolean isSubscribed() {
    Subscriber current = subscriber;
    return current != null && current.isSubscribed();
  }

  /** Blocks while subscribed; when the connection ends, schedules the next attempt. */
  private void subscribe() {
    try (Jedis jedis = connections.subscriber(nextNode())) {
      connection = jedis;
      Subscriber fresh = new Subscriber();
      subscriber = fresh;
      jedis.subscribe(fresh, RedisKeys.INVALIDATIONS, acknowledgementChannel(origin));
    } catch (RuntimeException e) {
      LOG.debug("Invalidation subscription ended: {}", LogSafe.describe(e));
    }
    if (!closed) {
      listener.unsubscribed();
      executor.schedule(this::subscribe, nextBackoff(), TimeUnit.MILLISECONDS);
    }
  }

  private HostAndPort nextNode() {
    List<HostAndPort> candidates = nodes.get();
    return candidates.get(Math.floorMod(attempts++, candidates.size()));
  }

  private synchronized long nextBackoff() {
    long wait = backoffMillis;
    backoffMillis = Math.min(backoffMillis * 2, 2_000);
    return wait;
  }

  private synchronized void resetBackoff() {
    backoffMillis = 100;
  }

  /**
   * Pings the subscription; drops a connection that stopped answering, so it reconnects (a read
   * that waits past the subscriber's socket timeout fails too, also before the subscription is
   * confirmed).
   */
  private void checkConnection() {
    Subscriber current = subscriber;
    if (current == null || !current.isSubscribed()) {
      return;
    }
    try {
      if (System.nanoTime() - current.lastPong > SILENCE_LIMIT) {
        LOG.warn("Invalidation subscription silent; reconnecting");
        connection.disconnect();
      } else {
        current.ping();
      }
    } catch (RuntimeException e) {
      LOG.debug("Invalidation ping failed: {}", LogSafe.describe(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    Subscriber current = subscriber;
    try {
      if (current != null && current.isSubscribed()) {
        current.unsubscribe();
      }
    } catch (RuntimeException e) {
      LOG.debug("Unsubscribe failed: {}", LogSafe.describe(e));
    }
    executor.shutdownNow();
  }

  private final class Subscriber extends JedisPubSub {
    private volatile long lastPong = System.nanoTime();

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      lastPong = System.nanoTime();
      if (subscribedChannels == 2) {
        resetBackoff();
        metrics.increment("invalidations.subscriptions");
        listener.subscribed();
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      try {
        if (channel.startsWith(ACKNOWLEDGEMENTS)) {
          int bar = message.indexOf('|');
          listener.acknowledged(Long.parseLong(message, 0, bar, 10), message.substring(bar + 1));
          return;
        }
        String[] lines = message.split("\n");
        String[] head = lines[0].split("\\|", -1);
        long id = Long.parseLong(head[1]);
        if (head[0].equals(origin)) {
          if (lines.length == 2 && lines[1].equals(HEARTBEAT)) {
            listener.heartbeat(id);
          }
          return;
        }
        if (lines.length == 2 && lines[1].equals(HEARTBEAT)) {
          return;
        }
        List<Invalidation> changes = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
          String[] parts = lines[i].split("\\|", -1);
          changes.add(new Invalidation(parts[0], parts[1], parts[2], Long.parseLong(parts[3])));
        }
        metrics.increment("invalidations.received");
        listener.changed(changes, head[0], id);
      } catch (RuntimeException unreadable) {
        metrics.increment("invalidations.unreadable");
      }
    }

    @Override
    public void onPong(String pattern) {
      lastPong = System.nanoTime();
    }
  }
}
