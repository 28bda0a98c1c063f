package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.SharedCounters;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.cache.SharedCache;
import io.parley.adapters.cache.WindowNearCache;
import io.parley.adapters.catalog.VersionedCatalog;
import io.parley.adapters.postgres.WritePositions;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis as the shared tier, standalone or a cluster alike: every command through one guarded
 * client, every change among instances through one {@link RedisCoherence}. Keys carry the tenant as
 * a hash tag, so on a cluster each script touches one slot.
 */
public final class RedisSharedCache implements SharedCache, SharedCounters, AutoCloseable {
  private final UnifiedJedis client;
  private final RedisGuard guard;
  private final InvalidationBus bus;
  private final RedisCoherence coherence;
  private final Clock clock;
  private final Duration maxEntryTtl;
  private final Settings settings;
  private final AdapterMetrics metrics;
  private volatile ReferenceContextRedisCache references;
  private volatile WindowNearCache windows;

  /**
   * How long a lease lasts (what a write Redis did not take waits), and the bounds on windows: all
   * held here together (estimated heap bytes), and the largest one kept in Redis (characters of
   * JSON).
   */
  public record Settings(Duration leaseTerm, long maxHeldWindowBytes, int maxWindowChars) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 64L << 20, 512 << 10);
    }
  }

  private final byte[] catalogKeySecret;
  private final List<RedisRequestLimiter> limiters =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public RedisSharedCache(
      RedisConnections connections,
      int maxConnections,
      Duration circuitOpenFor,
      Duration maxEntryTtl,
      Settings settings,
      ChangeLog changeLog,
      Clock clock,
      AdapterMetrics metrics,
      byte[] catalogKeySecret) {
    this.catalogKeySecret = catalogKeySecret.clone();
    this.client = connections.client(maxConnections);
    this.guard = new RedisGuard(client, circuitOpenFor, metrics, connections.cluster());
    this.bus = new InvalidationBus(connections, () -> connections.nodes(client), metrics);
    this.coherence = new RedisCoherence(guard, bus, changeLog, settings.leaseTerm(), metrics);
    this.clock = clock;
    this.maxEntryTtl = maxEntryTtl;
    this.settings = settings;
    this.metrics = metrics;
    coherence.onMissedChange(
        Invalidation.CONVERSATION_GONE,
        gone -> forgetShared(TenantId.of(gone.tenant()), ConversationId.of(gone.subject())));
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
  public Coherence coherence() {
    return coherence;
  }

  @Override
  public void start() {
    coherence.start();
  }

  @Override
  public ApiKeyStore apiKeys(ApiKeyStore store) {
    return new ApiKeyRevocationBroadcast(store, coherence);
  }

  @Override
  public ReferenceContextStore referenceContexts(ReferenceContextStore store) {
    ReferenceContextRedisCache cache =
        new ReferenceContextRedisCache(store, guard, coherence, clock, maxEntryTtl, metrics);
    this.references = cache;
    return new SharedReferenceContexts(cache);
  }

  /** The reference contexts' Redis tier; a forgotten conversation goes from every shared tier. */
  private final class SharedReferenceContexts implements ReferenceContextStore {
    private final ReferenceContextRedisCache cache;

    SharedReferenceContexts(ReferenceContextRedisCache cache) {
      this.cache = cache;
    }

    @Override
    public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
      return cache.save(tenant, context);
    }

    @Override
    public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
      return cache.lookup(tenant, conversation);
    }

    @Override
    public io.parley.domain.model.QuotedContextLookup quoted(
        TenantId tenant, ConversationId conversation, String providerMessageId) {
      return cache.quoted(tenant, conversation, providerMessageId);
    }

    /**
     * An erased or removed conversation: its context and its window are forgotten in Redis, and on
     * every instance, before this returns.
     */
    @Override
    public void forget(TenantId tenant, ConversationId conversation) {
      cache.forget(tenant, conversation);
      boolean taken = forgetShared(tenant, conversation);
      coherence.changed(
          new Invalidation(
              Invalidation.CONVERSATION_GONE,
              tenant.toString(),
              conversation.toString(),
              Long.MAX_VALUE),
          taken);
    }
  }

  /** The conversation's context and window in Redis; false when Redis did not take both. */
  private boolean forgetShared(TenantId tenant, ConversationId conversation) {
    ReferenceContextRedisCache contexts = references;
    WindowNearCache current = windows;
    boolean taken = contexts == null || contexts.markErased(tenant, conversation);
    return (current == null || current.erased(tenant, conversation)) && taken;
  }

  @Override
  public VersionedCatalog catalog(VersionedCatalog store) {
    return new CatalogRedisCache(store, guard, coherence, maxEntryTtl, metrics, catalogKeySecret);
  }

  /** Conversation windows (idle ones expire after an hour); erasures and removals drop theirs. */
  @Override
  public Windowed windows(
      ConversationHistory history,
      MessageStore messages,
      ConversationStore conversations,
      java.util.function.Consumer<String> onWindowRead) {
    WindowNearCache windows =
        new WindowNearCache(
            new WindowRedisCache(
                history,
                messages,
                guard,
                coherence,
                Duration.ofHours(1),
                settings.maxWindowChars(),
                metrics,
                onWindowRead),
            settings.maxHeldWindowBytes(),
            coherence,
            metrics,
            onWindowRead);
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
    RedisRequestLimiter limiter = new RedisRequestLimiter(guard);
    limiters.add(limiter);
    return limiter;
  }

  /**
   * Every key of the tenant carries its id as the hash tag, so one SCAN with that pattern finds
   * them all (on a cluster, on the one node that holds the tag's slot); then every instance drops
   * its near-cache entries, this one included.
   */
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
    Invalidation removed = new Invalidation(Invalidation.TENANT, tenant.toString(), "", 0);
    coherence.changedHere(removed);
    coherence.changed(removed, true);
  }

  @Override
  public void close() {
    limiters.forEach(RedisRequestLimiter::close);
    coherence.close();
    client.close();
  }
}
