package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.cache.NearCaches;
import io.parley.adapters.cache.ReferenceContextVersions;
import io.parley.adapters.cache.SharedCache;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.postgres.WritePositions;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis as the shared tier, standalone or a cluster alike: every command through one guarded
 * client, every invalidation over one bus. Keys carry the tenant as a hash tag, so on a cluster
 * each script touches one slot.
 */
public final class RedisSharedCache implements SharedCache, AutoCloseable {
  private final UnifiedJedis client;
  private final RedisGuard guard;
  private final InvalidationBus bus;
  private final Clock clock;
  private final Duration maxEntryTtl;
  private final AdapterMetrics metrics;
  private volatile ConversationWindows windows;
  private final ScheduledExecutorService repairs =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "parley-redis-repairs");
            thread.setDaemon(true);
            return thread;
          });

  private final byte[] catalogKeySecret;

  public RedisSharedCache(
      RedisConnections connections,
      int maxConnections,
      Duration circuitOpenFor,
      Duration maxEntryTtl,
      Clock clock,
      AdapterMetrics metrics,
      byte[] catalogKeySecret) {
    this.catalogKeySecret = catalogKeySecret.clone();
    this.client = connections.client(maxConnections);
    this.guard = new RedisGuard(client, circuitOpenFor, metrics, connections.cluster());
    this.bus = new InvalidationBus(connections, () -> connections.nodes(client), guard, metrics);
    this.clock = clock;
    this.maxEntryTtl = maxEntryTtl;
    this.metrics = metrics;
    repairs.scheduleWithFixedDelay(this::repair, 250, 250, TimeUnit.MILLISECONDS);
  }

  private void repair() {
    try {
      guard.repair();
    } catch (RuntimeException e) {
      metrics.increment("redis.repairs.failed");
    }
  }

  /** The command client, for health checks. */
  public UnifiedJedis client() {
    return client;
  }

  public RedisGuard guard() {
    return guard;
  }

  public InvalidationBus bus() {
    return bus;
  }

  @Override
  public ApiKeyStore apiKeys(ApiKeyStore store) {
    return new ApiKeyRevocationBroadcast(store, bus);
  }

  @Override
  public ReferenceContextStore referenceContexts(ReferenceContextStore store) {
    return new SharedReferenceContexts(
        new ReferenceContextRedisCache(store, guard, bus, clock, maxEntryTtl, metrics));
  }

  /** The reference contexts' Redis tier, and the conversation's window forgotten with them. */
  private final class SharedReferenceContexts
      implements ReferenceContextStore, ReferenceContextVersions {
    private final ReferenceContextRedisCache cache;

    SharedReferenceContexts(ReferenceContextRedisCache cache) {
      this.cache = cache;
    }

    @Override
    public io.parley.domain.model.ReferenceContext save(
        TenantId tenant, NewReferenceContext context) {
      return cache.save(tenant, context);
    }

    @Override
    public io.parley.domain.model.ContextLookup lookup(
        TenantId tenant, io.parley.domain.model.ConversationId conversation) {
      return cache.lookup(tenant, conversation);
    }

    @Override
    public long newest(TenantId tenant, io.parley.domain.model.ConversationId conversation) {
      return cache.newest(tenant, conversation);
    }

    /** An erased or removed conversation: its context and its window are forgotten. */
    @Override
    public void forget(TenantId tenant, io.parley.domain.model.ConversationId conversation) {
      cache.forget(tenant, conversation);
      ConversationWindows current = windows;
      if (current != null) {
        current.erased(tenant, conversation);
      }
    }
  }

  @Override
  public VersionedCatalog catalog(VersionedCatalog store) {
    return new CatalogRedisCache(store, guard, bus, maxEntryTtl, metrics, catalogKeySecret);
  }

  @Override
  public void keepCoherent(NearCaches nearCaches) {
    bus.onInvalidation(
        invalidation -> {
          if (!nearCaches.apply(invalidation)) {
            metrics.increment("invalidations.unknown");
          }
        });
    Runnable clearAll =
        () -> {
          nearCaches.clear();
          metrics.increment("cache.l1.cleared");
        };
    bus.onReconnect(clearAll);
    guard.onRecovery(clearAll);
    bus.start();
  }

  /**
   * Every key of the tenant carries its id as the hash tag, so one SCAN with that pattern finds
   * them all (on a cluster, on the one node that holds the tag's slot); then the other instances
   * drop their near-cache entries.
   */
  /** Conversation windows (idle ones expire after an hour); erasures and removals drop theirs. */
  @Override
  public Windowed windows(
      ConversationHistory history,
      MessageStore messages,
      ConversationStore conversations,
      java.util.function.Consumer<String> onWindowRead) {
    ConversationWindows windows =
        new ConversationWindows(
            history, messages, guard, Duration.ofHours(1), metrics, onWindowRead);
    this.windows = windows;
    return new Windowed(windows, windows, new WindowedConversations(conversations, windows));
  }

  @Override
  public WritePositions writePositions(Duration maxReplicaLag) {
    return new RedisWritePositions(guard, maxReplicaLag);
  }

  @Override
  public io.parley.domain.port.out.RequestLimiter requestLimiter(
      io.parley.domain.port.out.RequestLimiter local) {
    return new RedisRequestLimiter(guard, local);
  }

  @Override
  public void purgeTenant(TenantId tenant) {
    String pattern = RedisKeys.tenantPattern(tenant);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      String from = cursor;
      RedisGuard.Answer<ScanResult<String>> page =
          guard.repairCall(redis -> redis.scan(from, new ScanParams().match(pattern).count(500)));
      if (!page.answered()) {
        throw new IllegalStateException("Redis did not answer while removing a tenant's keys");
      }
      List<String> keys = page.value().getResult();
      if (!keys.isEmpty()) {
        guard.repairCall(redis -> redis.del(keys.toArray(String[]::new)));
      }
      cursor = page.value().getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    bus.publish(Invalidation.TENANT, tenant.toString(), "", 0);
  }

  @Override
  public void close() {
    repairs.shutdownNow();
    bus.close();
    client.close();
  }
}
