package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.SharedCounters;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.postgres.WritePositions;
import io.parley.domain.model.TenantId;
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

  /**
   * How long a lease lasts (what a write Redis did not take waits), and the bounds on windows: all
   * held here together (estimated heap bytes), and the largest one kept in Redis (characters of
   * JSON).
   */
  public record Settings(Duration leaseTerm, int maxWindowChars) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 512 << 10);
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
  }

  @Override
  public <S> S over(S store, SharedLayer<S> layer) {
    return layer.over(store, this);
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

  AdapterMetrics metrics() {
    return metrics;
  }

  Settings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  /** The longest any entry is kept in Redis. */
  Duration maxEntryTtl() {
    return maxEntryTtl;
  }

  /** Keys the catalog's entries (derived from the admin key, which every instance shares). */
  byte[] catalogKeySecret() {
    return catalogKeySecret.clone();
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
