package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.cache.ReferenceContextVersions;
import io.parley.adapters.json.ReferenceContextJson;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared tier (L2) in front of PostgreSQL. Values are {@code <version>|<json>}; a Lua script
 * writes them only when no newer version is there, so a slow reader can never put an old context
 * over a new one. Writes go to PostgreSQL first; a Redis write that fails is remembered and
 * repaired with a tombstone (see {@link #repairPending}). Entries live no longer than the context.
 */
public final class ReferenceContextRedisCache
    implements ReferenceContextStore, ReferenceContextVersions {
  private static final String SET_IF_NOT_OLDER =
      """
      local current = redis.call('GET', KEYS[1])
      if current then
        local version = tonumber(string.match(current, '^(%d+)|'))
        if version and version > tonumber(ARGV[1]) then return 0 end
      end
      redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
      return 1""";
  private static final int MAX_PENDING_REPAIRS = 100_000;

  /**
   * How long an erased conversation's marker stays: long past any read that began before the
   * erasure (milliseconds), short enough that no key names the conversation for long.
   */
  private static final Duration ERASED_TTL = Duration.ofSeconds(2);

  /**
   * A GET, as a script on purpose: a master that refuses writes (a manual failover pauses them for
   * seconds) also holds scripts, so a reader is held and falls back to PostgreSQL too, rather than
   * serving the version from before the writes it refused (seen: reads 5 s stale with plain GET).
   */
  private static final String READ = "return redis.call('GET', KEYS[1])";

  /** The version of the value (a tombstone's too), without the value; nil when there is none. */
  private static final String VERSION =
      """
      local value = redis.call('GET', KEYS[1])
      if not value then return false end
      return string.match(value, '^(%d+)|')""";

  /** What a repair leaves: a version that exists in PostgreSQL, with no value to serve. */
  private static final String TOMBSTONE = "stale";

  private final ReferenceContextStore database;
  private final RedisGuard guard;
  private final InvalidationBus bus;
  private final Clock clock;
  private final Duration maxTtl;
  private final Duration emptyTtl;
  private final AdapterMetrics metrics;

  /** Keys whose write Redis missed, with the version written to PostgreSQL. */
  private final Map<String, Long> pendingRepairs = new ConcurrentHashMap<>();

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public ReferenceContextRedisCache(
      ReferenceContextStore database,
      RedisGuard guard,
      InvalidationBus bus,
      Clock clock,
      Duration maxTtl,
      AdapterMetrics metrics) {
    this.database = database;
    this.guard = guard;
    this.bus = bus;
    this.clock = clock;
    this.maxTtl = maxTtl;
    this.emptyTtl = maxTtl.compareTo(Duration.ofMinutes(1)) < 0 ? maxTtl : Duration.ofMinutes(1);
    this.metrics = metrics;
    guard.onRepair(this::repairPending);
    metrics.gauge(
        "cache.referenceContexts.l2.hit-ratio", () -> ratio(hits.sum(), hits.sum() + misses.sum()));
  }

  @Override
  public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
    ReferenceContext saved = database.save(tenant, context);
    String key = RedisKeys.referenceContext(tenant, saved.conversationId());
    if (!write(key, new ContextLookup.Newest(saved))) {
      remember(key, saved.version());
    }
    bus.publish(
        Invalidation.REFERENCE_CONTEXT,
        tenant.toString(),
        saved.conversationId().toString(),
        saved.version());
    return saved;
  }

  /**
   * An erased conversation: "absent" under the highest version for {@link #ERASED_TTL}, which no
   * write-back of an older read can replace (a repair when Redis misses it), and every instance
   * told to drop its L1 entry.
   */
  @Override
  public void forget(TenantId tenant, ConversationId conversation) {
    String key = RedisKeys.referenceContext(tenant, conversation);
    String json = ReferenceContextJson.lookup(new ContextLookup.ConversationAbsent());
    String version = Long.toString(Long.MAX_VALUE);
    String ttl = Long.toString(ERASED_TTL.toMillis());
    boolean written =
        guard
            .call(redis -> redis.eval(SET_IF_NOT_OLDER, List.of(key), List.of(version, json, ttl)))
            .answered();
    if (!written) {
      remember(key, Long.MAX_VALUE);
    }
    bus.publish(
        Invalidation.REFERENCE_CONTEXT, tenant.toString(), conversation.toString(), Long.MAX_VALUE);
    database.forget(tenant, conversation);
  }

  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    String key = RedisKeys.referenceContext(tenant, conversation);
    if (!guard.trusted()) {
      // Shortly after trouble, an entry may predate a write Redis missed: take the truth, and
      // put it in Redis (a newer version there is kept).
      metrics.increment("cache.referenceContexts.l2.distrusted");
      ContextLookup fresh = load(tenant, conversation);
      write(key, fresh);
      return fresh;
    }
    RedisGuard.Answer<String> cached =
        guard.call(redis -> (String) redis.eval(READ, List.of(key), List.of()));
    if (cached.value() != null) {
      try {
        ContextLookup hit =
            ReferenceContextJson.lookup(cached.value().substring(cached.value().indexOf('|') + 1));
        hits.increment();
        metrics.increment("cache.referenceContexts.l2.hits");
        return hit;
      } catch (IllegalArgumentException unreadableOrTombstone) {
        metrics.increment("cache.referenceContexts.l2.unreadable");
      }
    }
    misses.increment();
    metrics.increment("cache.referenceContexts.l2.misses");
    ContextLookup fresh = load(tenant, conversation);
    if (cached.answered()) {
      write(key, fresh);
    }
    return fresh;
  }

  /** A quoted list is read from the store of record: no tier here holds older versions. */
  @Override
  public QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    return database.quoted(tenant, conversation, providerMessageId);
  }

  /**
   * The newest version written through any instance: every save puts it here before it is
   * acknowledged (or, when Redis missed it, a repair does before Redis is trusted again). -1 while
   * Redis is distrusted or away, or holds nothing for the conversation.
   */
  @Override
  public long newest(TenantId tenant, ConversationId conversation) {
    if (!guard.trusted()) {
      return -1;
    }
    String key = RedisKeys.referenceContext(tenant, conversation);
    RedisGuard.Answer<Object> answer =
        guard.call(redis -> redis.eval(VERSION, List.of(key), List.of()));
    return answer.value() instanceof String version ? Long.parseLong(version) : -1;
  }

  /** The version a stored value ({@code <version>|...}, a tombstone's too) carries; -1 for none. */
  static long versionOf(String stored) {
    int bar = stored == null ? -1 : stored.indexOf('|');
    if (bar <= 0) {
      return -1;
    }
    try {
      return Long.parseLong(stored, 0, bar, 10);
    } catch (NumberFormatException unreadable) {
      return -1;
    }
  }

  private ContextLookup load(TenantId tenant, ConversationId conversation) {
    long start = System.nanoTime();
    ContextLookup fresh = database.lookup(tenant, conversation);
    metrics.time("cache.referenceContexts.db.loads", System.nanoTime() - start);
    return fresh;
  }

  /** Writes unless a newer version is there; false when Redis did not answer. */
  boolean write(String key, ContextLookup lookup) {
    String json = ReferenceContextJson.lookup(lookup);
    String ttl = Long.toString(ttl(lookup).toMillis());
    String version = Long.toString(lookup.version());
    return guard
        .call(redis -> redis.eval(SET_IF_NOT_OLDER, List.of(key), List.of(version, json, ttl)))
        .answered();
  }

  /** As long as the context stays active (at most maxTtl); short for "none" and "absent". */
  private Duration ttl(ContextLookup lookup) {
    if (lookup instanceof ContextLookup.Newest newest && newest.context() != null) {
      Duration remaining = Duration.between(clock.instant(), newest.context().expiresAt());
      if (remaining.compareTo(Duration.ofMillis(1)) > 0) {
        return remaining.compareTo(maxTtl) < 0 ? remaining : maxTtl;
      }
    }
    return emptyTtl;
  }

  private void remember(String key, long version) {
    if (pendingRepairs.size() < MAX_PENDING_REPAIRS) {
      pendingRepairs.merge(key, version, Math::max);
    }
  }

  /**
   * Puts a tombstone under each key whose write Redis missed: {@code <version>|stale}, which every
   * reader takes for a miss (it reads PostgreSQL and writes the context back), and which the
   * version guard keeps from being overwritten by anything older, such as a reader's write-back of
   * a PostgreSQL read that began before the missed write committed. A plain delete let such a
   * write-back put the old context back.
   */
  private void repairPending() {
    for (Map.Entry<String, Long> pending : List.copyOf(pendingRepairs.entrySet())) {
      String version = Long.toString(pending.getValue());
      Duration lasts = pending.getValue() == Long.MAX_VALUE ? ERASED_TTL : emptyTtl;
      String ttl = Long.toString(lasts.toMillis());
      boolean written =
          guard
              .repairCall(
                  redis ->
                      redis.eval(
                          SET_IF_NOT_OLDER,
                          List.of(pending.getKey()),
                          List.of(version, TOMBSTONE, ttl)))
              .answered();
      if (!written) {
        return; // Redis is still away: the rest wait for the next round
      }
      pendingRepairs.remove(pending.getKey(), pending.getValue());
    }
  }

  /** Keys waiting for a repair; for tests and metrics. */
  public int pendingRepairs() {
    return pendingRepairs.size();
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
