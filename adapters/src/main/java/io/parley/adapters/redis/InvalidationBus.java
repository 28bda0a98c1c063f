package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.LogSafe;
import io.parley.adapters.cache.Invalidation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Tells the other instances which L1 entries to drop, over a Redis pub/sub channel, and hears what
 * they tell this one. The subscription lives on a connection of its own, is pinged every second (a
 * silent connection is dropped after three), and reconnects with backoff; on every (re)subscription
 * the reconnect listeners run, since messages may have been missed meanwhile.
 */
public final class InvalidationBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);
  private static final long SILENCE_LIMIT = Duration.ofSeconds(3).toNanos();

  private final String origin = UUID.randomUUID().toString();
  private final RedisConnections connections;
  private final Supplier<List<HostAndPort>> nodes;
  private final RedisGuard guard;
  private final AdapterMetrics metrics;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "parley-invalidations");
            thread.setDaemon(true);
            return thread;
          });
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
      RedisConnections connections,
      Supplier<List<HostAndPort>> nodes,
      RedisGuard guard,
      AdapterMetrics metrics) {
    this.connections = connections;
    this.nodes = nodes;
    this.guard = guard;
    this.metrics = metrics;
    metrics.gauge("invalidations.subscribed", () -> isSubscribed() ? 1 : 0);
  }

  /** Publishes a change; a Redis failure is tolerated (other L1s then expire within their TTL). */
  public void publish(String kind, String tenant, String subject, long version) {
    String message = new Invalidation(kind, tenant, subject, version, origin).encode();
    if (guard.call(redis -> redis.publish(RedisKeys.INVALIDATIONS, message)).answered()) {
      metrics.increment("invalidations.published");
    }
  }

  /** Called for every invalidation another instance publishes. */
  public void onInvalidation(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  /** Called each time the subscription is (re)established: missed messages cannot be known. */
  public void onReconnect(Runnable listener) {
    reconnectListeners.add(listener);
  }

  public void start() {
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
      jedis.subscribe(fresh, RedisKeys.INVALIDATIONS);
    } catch (RuntimeException e) {
      LOG.debug("Invalidation subscription ended: {}", LogSafe.describe(e));
    }
    if (!closed) {
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

  /** Pings the subscription; drops a connection that stopped answering, so it reconnects. */
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
      resetBackoff();
      metrics.increment("invalidations.subscriptions");
      reconnectListeners.forEach(Runnable::run);
    }

    @Override
    public void onMessage(String channel, String message) {
      Invalidation.decode(message)
          .filter(invalidation -> !invalidation.origin().equals(origin))
          .ifPresent(
              invalidation -> {
                metrics.increment("invalidations.received");
                listeners.forEach(listener -> listener.accept(invalidation));
              });
    }

    @Override
    public void onPong(String pattern) {
      lastPong = System.nanoTime();
    }
  }
}
