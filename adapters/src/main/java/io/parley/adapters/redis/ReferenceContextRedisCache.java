package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
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
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared tier (L2) in front of PostgreSQL. Values are {@code <version>|<json>}; a Lua script
 * writes them only when no newer version is there, so a slow reader can never put an old context
 * over a new one. Writes go to PostgreSQL first; a Redis write that fails is logged and repaired
 * with a tombstone by whichever instance applies the change log first (see {@link #tombstone}).
 * Entries live no longer than the context; nothing here is served without a lease.
 */
public final class ReferenceContextRedisCache implements ReferenceContextStore {
  private static final String SET_IF_NOT_OLDER =
      """
      local current = redis.call('GET', KEYS[1])
      if current then
        local version = tonumber(string.match(current, '^(%d+)|'))
        if version and version > tonumber(ARGV[1]) then return 0 end
      end
      redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
      return 1""";

  /**
   * How long an erased conversation's marker stays. It need not outlast slow reads: a reader fills
   * a key only if it still holds exactly what that reader found (its lease, or a tombstone), which
   * the marker replaced; and no key should name an erased conversation for long.
   */
  static final Duration ERASED_TTL = Duration.ofSeconds(2);

  /**
   * A GET that, on a miss, leaves this reader's lease (ARGV[1], after "Scaling Memcache at
   * Facebook") for {@code LEASE_MILLIS}: only the holder of the lease may fill the key, and any
   * write, or the key's eviction, ends it, so a read that began before a write can never put its
   * older answer back, even when Redis lost the newer one meanwhile. A script on purpose: a master
   * that refuses writes (a manual failover pauses them for seconds) also holds scripts, so a reader
   * is held and falls back to PostgreSQL too, rather than serving what it had before.
   */
  private static final String READ_OR_LEASE =
      """
      local value = redis.call('GET', KEYS[1])
      if value then return value end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
      return false""";

  /** Fills the key if it still holds what this reader found (ARGV[1]: its lease, a tombstone). */
  private static final String FILL_IF_LEASED =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1""";

  private static final String LEASE_MILLIS = "10000";

  /** What a repair leaves: a version that exists in PostgreSQL, with no value to serve. */
  private static final String TOMBSTONE = "stale";

  private final ReferenceContextStore database;
  private final RedisGuard guard;
  private final Coherence coherence;
  private final Clock clock;
  private final Duration maxTtl;
  private final Duration emptyTtl;
  private final AdapterMetrics metrics;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** The reference contexts of {@code database} kept in {@code shared}. */
  public ReferenceContextRedisCache(ReferenceContextStore database, RedisSharedCache shared) {
    this(
        database,
        shared.guard(),
        shared.coherence(),
        shared.clock(),
        shared.maxEntryTtl(),
        shared.metrics());
  }

  public ReferenceContextRedisCache(
      ReferenceContextStore database,
      RedisGuard guard,
      Coherence coherence,
      Clock clock,
      Duration maxTtl,
      AdapterMetrics metrics) {
    this.database = database;
    this.guard = guard;
    this.coherence = coherence;
    this.clock = clock;
    this.maxTtl = maxTtl;
    this.emptyTtl = maxTtl.compareTo(Duration.ofMinutes(1)) < 0 ? maxTtl : Duration.ofMinutes(1);
    this.metrics = metrics;
    coherence.onMissedChange(Invalidation.REFERENCE_CONTEXT, this::tombstone);
    coherence.onMissedChange(
        Invalidation.CONVERSATION_GONE,
        gone -> markErased(TenantId.of(gone.tenant()), ConversationId.of(gone.subject())));
    metrics.gauge(
        "cache.referenceContexts.l2.hit-ratio", () -> ratio(hits.sum(), hits.sum() + misses.sum()));
  }

  @Override
  public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
    ReferenceContext saved = database.save(tenant, context);
    String key = RedisKeys.referenceContext(tenant, saved.conversationId());
    boolean taken = write(key, new ContextLookup.Newest(saved));
    coherence.changed(
        new Invalidation(
            Invalidation.REFERENCE_CONTEXT,
            tenant.toString(),
            saved.conversationId().toString(),
            saved.version()),
        taken);
    return saved;
  }

  /**
   * Erased or removed conversations: their contexts are "absent" in Redis ({@link #markErased}),
   * and on every instance, before this returns (one acknowledgement, or one lease term when Redis
   * did not take them, for them all).
   */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {
    database.forget(tenant, conversations);
    boolean taken = true;
    List<Invalidation> gone = new java.util.ArrayList<>(conversations.size());
    for (ConversationId conversation : conversations) {
      taken &= markErased(tenant, conversation);
      gone.add(Invalidation.conversationGone(tenant, conversation));
    }
    coherence.changed(gone, taken);
  }

  /**
   * An erased conversation: "absent" under the highest version for {@link #ERASED_TTL}, which no
   * write-back of an older read can replace; false when Redis did not take it.
   */
  private boolean markErased(TenantId tenant, ConversationId conversation) {
    String key = RedisKeys.referenceContext(tenant, conversation);
    String json = ReferenceContextJson.lookup(new ContextLookup.ConversationAbsent());
    String version = Long.toString(Long.MAX_VALUE);
    String ttl = Long.toString(ERASED_TTL.toMillis());
    return guard
        .repairCall(
            redis -> redis.eval(SET_IF_NOT_OLDER, List.of(key), List.of(version, json, ttl)))
        .answered();
  }

  @Override
  public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
    if (!coherence.trusted(tenant.toString()) || !guard.trusted()) {
      // Without a lease what Redis holds may predate a write it missed: take the truth.
      metrics.increment("cache.referenceContexts.l2.distrusted");
      return load(tenant, conversation);
    }
    String key = RedisKeys.referenceContext(tenant, conversation);
    String lease = "0|lease:" + UUID.randomUUID();
    RedisGuard.Answer<String> cached =
        guard.call(
            redis ->
                (String) redis.eval(READ_OR_LEASE, List.of(key), List.of(lease, LEASE_MILLIS)));
    String stored = cached.value();
    if (stored != null && !stored.startsWith("0|lease:")) {
      try {
        ContextLookup hit = ReferenceContextJson.lookup(stored.substring(stored.indexOf('|') + 1));
        hits.increment();
        metrics.increment("cache.referenceContexts.l2.hits");
        return hit;
      } catch (IllegalArgumentException tombstone) {
        metrics.increment("cache.referenceContexts.l2.unreadable");
      }
    }
    misses.increment();
    metrics.increment("cache.referenceContexts.l2.misses");
    ContextLookup fresh = load(tenant, conversation);
    if (cached.answered() && stored == null) {
      if (fresh instanceof ContextLookup.ConversationAbsent) {
        // nothing to keep of a conversation that does not exist (or was erased): no key names it
        guard.call(
            redis -> redis.eval(WindowRedisCache.DELETE_IF_HELD, List.of(key), List.of(lease)));
      } else {
        fill(key, lease, fresh); // this reader holds the lease
      }
    } else if (stored != null && !stored.startsWith("0|lease:")) {
      fill(key, stored, fresh); // the tombstone it found, if no write or erasure replaced it
    }
    return fresh;
  }

  private void fill(String key, String found, ContextLookup lookup) {
    String value = lookup.version() + "|" + ReferenceContextJson.lookup(lookup);
    String ttl = Long.toString(ttl(lookup).toMillis());
    guard.call(redis -> redis.eval(FILL_IF_LEASED, List.of(key), List.of(found, value, ttl)));
  }

  /** A quoted list is read from the store of record: no tier here holds older versions. */
  @Override
  public QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    return database.quoted(tenant, conversation, providerMessageId);
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

  /**
   * Puts a tombstone under the key of a write Redis missed: {@code <version>|stale}, which every
   * reader takes for a miss (it reads PostgreSQL and writes the context back), and which the
   * version guard keeps from being overwritten by anything older, such as a reader's write-back of
   * a PostgreSQL read that began before the missed write committed. A plain delete let such a
   * write-back put the old context back.
   */
  private boolean tombstone(Invalidation missed) {
    String key =
        RedisKeys.referenceContext(
            TenantId.of(missed.tenant()), ConversationId.of(missed.subject()));
    String version = Long.toString(missed.version());
    String ttl = Long.toString(emptyTtl.toMillis());
    return guard
        .repairCall(
            redis -> redis.eval(SET_IF_NOT_OLDER, List.of(key), List.of(version, TOMBSTONE, ttl)))
        .answered();
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
