package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.LogSafe;
import io.parley.adapters.cache.ChangeHandlers;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Coherence} over Redis pub/sub and PostgreSQL's change log. Members register their lease's
 * end in one Redis hash; a writer publishes its change and reads that hash in one script, then
 * waits for each live member's acknowledgement, or for its lease to end. A member renews its lease
 * every quarter term: it applies the change log, registers, and publishes a heartbeat it must hear
 * back (so every change sent before the heartbeat has been applied here). A lease that lapsed is
 * renewed only after the near-caches forgot everything.
 *
 * <p>The hash remembers when it was created ({@code ~since}, Redis' own time): a writer trusts its
 * list of members only once it is a lease term old, since a hash Redis lost (a restart without
 * persistence, FLUSHALL, an eviction) takes with it the members whose leases still run on their own
 * clocks; until then writes take the logged path, which waits a term. A logged change is pending
 * from the renewal that reads it until its repair of the shared tier took (on its own thread, so a
 * slow or failing repair never holds up a renewal): meanwhile only its tenant's reads of the shared
 * tier go to PostgreSQL. Repairs pending for more than {@link #MAX_PENDING_TENANTS} tenants, or
 * more than {@link #MAX_PENDING_REPAIRS} of them, end the lease.
 */
public final class RedisCoherence implements Coherence, InvalidationBus.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCoherence.class);
  private static final String MEMBERS = "parley:members";

  /** What {@link #PUBLISH_AND_LIST_MEMBERS} answers when the hash is younger than a lease term. */
  private static final String YOUNG = "~young";

  /** Logged changes whose repair may be pending at once before the lease ends (memory). */
  public static final int MAX_PENDING_REPAIRS = 100_000;

  /**
   * Tenants with a repair pending at once before the lease ends: past that the shared tier is
   * failing broadly, not one tenant's keys.
   */
  public static final int MAX_PENDING_TENANTS = 100;

  /**
   * Publishes ARGV[2] on ARGV[1] and answers the members other than ARGV[3] whose lease is still
   * running, each with the milliseconds it has left: {member, left, member, left, ...}; or {~young}
   * when the hash is missing or younger than ARGV[4] ms (a member may hold a lease it does not
   * list).
   */
  private static final String PUBLISH_AND_LIST_MEMBERS =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      redis.call('PUBLISH', ARGV[1], ARGV[2])
      local since = redis.call('HGET', KEYS[1], '~since')
      if not since or now - tonumber(since) < tonumber(ARGV[4]) then return {'~young'} end
      local members = redis.call('HGETALL', KEYS[1])
      local live = {}
      for i = 1, #members, 2 do
        local left = tonumber(members[i + 1]) - now
        if left > 0 and members[i] ~= ARGV[3] and string.sub(members[i], 1, 1) ~= '~' then
          table.insert(live, members[i])
          table.insert(live, tostring(left))
        end
      end
      return live""";

  /**
   * Registers member ARGV[1]'s lease as ending ARGV[2] ms from now (and the hash's creation time
   * when it is new), forgets members whose lease ended over a minute ago, and publishes the
   * heartbeat ARGV[4] on ARGV[3].
   */
  private static final String HEARTBEAT =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      local members = redis.call('HGETALL', KEYS[1])
      for i = 1, #members, 2 do
        if string.sub(members[i], 1, 1) ~= '~' and tonumber(members[i + 1]) < now - 60000 then
          redis.call('HDEL', KEYS[1], members[i])
        end
      end
      redis.call('HSETNX', KEYS[1], '~since', tostring(now))
      redis.call('HSET', KEYS[1], ARGV[1], tostring(now + tonumber(ARGV[2])))
      redis.call('PUBLISH', ARGV[3], ARGV[4])
      return now""";

  private final RedisGuard guard;
  private final InvalidationBus bus;
  private final ChangeLog changeLog;
  private final AdapterMetrics metrics;
  private final long term;
  private final String termMillis; // for the scripts, which count in milliseconds
  private final Duration logWindow;
  private final ChangeHandlers handlers = new ChangeHandlers();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Awaited> awaiting = new ConcurrentHashMap<>();
  private final Map<Long, Long> applied = new ConcurrentHashMap<>();

  /** Logged changes applied here whose repair of the shared tier has not taken yet, by log row. */
  private final Map<Long, Invalidation> pendingRepairs = new ConcurrentHashMap<>();

  /** How many of {@link #pendingRepairs} each tenant has. */
  private final Map<String, Integer> tenantsPending = new ConcurrentHashMap<>();

  private final Object heard = new Object();
  private long heardHeartbeat;
  private volatile long leaseUntil = System.nanoTime() - 1;

  /** Guards {@link #leaseUntil}'s renewal against a subscription that ends meanwhile. */
  private final Object lease = new Object();

  /** How many times the subscription ended: a renewal that began before the last one ends none. */
  private long unsubscriptions;

  private long lastPrune = System.nanoTime();
  private final ScheduledExecutorService renewals =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "parley-cache-lease");
            thread.setDaemon(true);
            return thread;
          });
  private final ExecutorService repairs =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "parley-cache-repair");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean repairsQueued = new AtomicBoolean();

  /**
   * {@code term}: how long a lease lasts. A write the shared tier did not take waits that long
   * before it is acknowledged; every instance renews four times a term (a change-log read and a
   * heartbeat each).
   */
  public RedisCoherence(
      RedisGuard guard,
      InvalidationBus bus,
      ChangeLog changeLog,
      Duration term,
      AdapterMetrics metrics) {
    this.guard = guard;
    this.bus = bus;
    this.changeLog = changeLog;
    this.metrics = metrics;
    this.term = term.toNanos();
    this.termMillis = Long.toString(term.toMillis());
    Duration tenTerms = term.multipliedBy(10);
    this.logWindow =
        tenTerms.compareTo(Duration.ofMinutes(1)) > 0 ? tenTerms : Duration.ofMinutes(1);
    metrics.gauge("cache.lease.held", () -> trusted() ? 1 : 0);
    metrics.gauge("cache.lease.pending-repairs", pendingRepairs::size);
  }

  /** Starts hearing other instances and renewing the lease. */
  public void start() {
    bus.start(this);
    long period = Math.max(1, TimeUnit.NANOSECONDS.toMillis(term) / 4);
    renewals.scheduleWithFixedDelay(this::renew, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The lease alone: a near-cache's entries are current while it holds (changes reach them through
   * acknowledged messages and the log). What Redis holds is served only also while the guard trusts
   * Redis (no failed, refused or, on a cluster, slow call lately: a failover may have lost writes).
   */
  @Override
  public boolean trusted() {
    return System.nanoTime() - leaseUntil < 0;
  }

  /** The lease, and no logged change of the tenant's waiting for its repair of the shared tier. */
  @Override
  public boolean trusted(String tenant) {
    return trusted() && !tenantsPending.containsKey(tenant);
  }

  @Override
  public void changed(List<Invalidation> changes, boolean taken) {
    if (taken && publishAndAwait(changes)) {
      return;
    }
    metrics.increment("cache.changes.logged");
    changeLog.record(changes);
    // Every lease in force after this began after the log had the change: one term, and a margin
    // for clocks that run at slightly different rates.
    sleepNanos(term + term / 20);
  }

  /** Publishes the changes and waits for every live member; false when Redis did not take them. */
  private boolean publishAndAwait(List<Invalidation> changes) {
    long id = ids.incrementAndGet();
    Awaited awaited = new Awaited();
    awaiting.put(id, awaited);
    try {
      String message = bus.changeMessage(changes, id);
      RedisGuard.Answer<Object> published =
          guard.call(
              redis ->
                  redis.eval(
                      PUBLISH_AND_LIST_MEMBERS,
                      List.of(MEMBERS),
                      List.of(RedisKeys.INVALIDATIONS, message, bus.origin(), termMillis)));
      if (!published.answered() || !(published.value() instanceof List<?> live)) {
        return false;
      }
      if (live.size() == 1 && YOUNG.equals(String.valueOf(live.get(0)))) {
        metrics.increment("cache.changes.members-unknown");
        return false; // the members' hash is new: a lease it does not list may still run
      }
      long now = System.nanoTime();
      Map<String, Long> deadlines = new HashMap<>();
      for (int i = 0; i + 1 < live.size(); i += 2) {
        long left = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(String.valueOf(live.get(i + 1))));
        deadlines.put(String.valueOf(live.get(i)), now + left + left / 20 + 1_000_000);
      }
      metrics.increment("invalidations.published");
      if (!awaited.await(deadlines)) {
        metrics.increment("cache.changes.waited-out");
      }
      return true;
    } finally {
      awaiting.remove(id);
    }
  }

  @Override
  public void onChange(String kind, Consumer<Invalidation> nearCacheHandler) {
    handlers.onChange(kind, nearCacheHandler);
  }

  @Override
  public void onMissedChange(String kind, Predicate<Invalidation> sharedTierRepair) {
    handlers.onMissedChange(kind, sharedTierRepair);
  }

  @Override
  public void onForgetAll(Runnable clear) {
    handlers.onForgetAll(clear);
  }

  @Override
  public void changedHere(Invalidation change) {
    applyHere(change);
  }

  // --- what the bus hears (its subscription thread) ---

  @Override
  public void changed(List<Invalidation> changes, String origin, long id) {
    changes.forEach(this::applyHere);
    guard.call(
        redis ->
            redis.publish(InvalidationBus.acknowledgementChannel(origin), bus.acknowledgement(id)));
  }

  @Override
  public void heartbeat(long id) {
    synchronized (heard) {
      heardHeartbeat = Math.max(heardHeartbeat, id);
      heard.notifyAll();
    }
  }

  @Override
  public void acknowledged(long id, String member) {
    Awaited awaited = awaiting.get(id);
    if (awaited != null) {
      awaited.acknowledged(member);
    }
  }

  @Override
  public void subscribed() {
    forgetAll(); // what was published while no subscription listened is not known
  }

  /**
   * Deaf to changes: the lease ends now rather than at its term. A Redis restarted from a snapshot
   * brings the members' hash back with its old creation time and without the leases registered
   * since, so a writer would not wait for this instance; its subscription dropping is the sign.
   */
  @Override
  public void unsubscribed() {
    synchronized (lease) {
      unsubscriptions++;
      leaseUntil = System.nanoTime() - 1;
    }
    metrics.increment("cache.lease.ended-unsubscribed");
  }

  private void applyHere(Invalidation change) {
    if (!handlers.applyHere(change)) {
      metrics.increment("invalidations.unknown");
    }
  }

  private void forgetAll() {
    handlers.forgetAll();
    metrics.increment("cache.l1.cleared");
  }

  // --- the lease ---

  /** One renewal: the change log applied, then a heartbeat registered and heard back. */
  void renew() {
    try {
      guard.repair(); // write positions Redis missed (see RedisWritePositions)
      long start = System.nanoTime();
      long deafBefore;
      synchronized (lease) {
        deafBefore = unsubscriptions;
      }
      if (!applyChangeLog() || !heartbeat()) {
        return;
      }
      if (System.nanoTime() - leaseUntil >= 0) {
        forgetAll(); // the lease lapsed: changes may have passed unheard
        metrics.increment("cache.lease.regained");
      }
      synchronized (lease) {
        if (unsubscriptions == deafBefore) { // else changes may have passed unheard since start
          leaseUntil = start + term - term / 10;
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("Cache lease not renewed: {}", LogSafe.describe(e));
    } finally {
      repairPendingSoon();
    }
  }

  /**
   * Applies the logged changes not applied here yet: each becomes pending (its tenant's reads of
   * the shared tier go to PostgreSQL, so no read loads what its repair will replace), then this
   * instance's near-caches drop what it changed; the repairs run after, on their own thread. False
   * when the log could not be read or too many repairs are pending.
   */
  private boolean applyChangeLog() {
    List<ChangeLog.Logged> logged;
    try {
      logged = changeLog.recent(logWindow);
    } catch (RuntimeException e) {
      metrics.increment("cache.lease.log-unreadable");
      return false;
    }
    Set<Long> listed = new HashSet<>();
    for (ChangeLog.Logged row : logged) {
      listed.add(row.id());
      if (applied.containsKey(row.id())) {
        continue;
      }
      pending(row.id(), row.change()); // before the drop: no read reloads from the shared tier
      applyHere(row.change());
      applied.put(row.id(), System.nanoTime());
    }
    // A pending row the log no longer lists was marked applied by an instance that repaired it.
    pendingRepairs.keySet().stream()
        .filter(row -> !listed.contains(row))
        .toList()
        .forEach(this::repaired);
    pruneNow();
    return pendingRepairs.size() <= MAX_PENDING_REPAIRS
        && tenantsPending.size() <= MAX_PENDING_TENANTS;
  }

  /** Runs the pending repairs on their own thread, unless a run is already queued. */
  private void repairPendingSoon() {
    if (!pendingRepairs.isEmpty() && repairsQueued.compareAndSet(false, true)) {
      try {
        repairs.execute(this::repairPending);
      } catch (RejectedExecutionException closed) {
        repairsQueued.set(false);
      }
    }
  }

  /** Each pending change's repair of the shared tier; those it took are no longer pending. */
  private void repairPending() {
    repairsQueued.set(false);
    List<Long> taken = new ArrayList<>();
    for (Map.Entry<Long, Invalidation> pending : pendingRepairs.entrySet()) {
      if (handlers.repair(pending.getValue())) {
        repaired(pending.getKey());
        taken.add(pending.getKey());
      } else {
        metrics.increment("cache.lease.repair-failed");
      }
    }
    if (!taken.isEmpty()) {
      try {
        changeLog.markApplied(taken);
      } catch (RuntimeException e) {
        LOG.debug("Repairs not marked applied: {}", LogSafe.describe(e));
      }
    }
  }

  private void pending(long row, Invalidation change) {
    if (pendingRepairs.putIfAbsent(row, change) == null) {
      tenantsPending.merge(change.tenant(), 1, Integer::sum);
    }
  }

  private void repaired(long row) {
    Invalidation change = pendingRepairs.remove(row);
    if (change != null) {
      tenantsPending.computeIfPresent(change.tenant(), (tenant, n) -> n == 1 ? null : n - 1);
    }
  }

  private void pruneNow() {
    long now = System.nanoTime();
    if (now - lastPrune < TimeUnit.SECONDS.toNanos(10)) {
      return;
    }
    lastPrune = now;
    long window = logWindow.toNanos() * 2;
    applied.values().removeIf(at -> now - at > window);
    changeLog.prune(logWindow.multipliedBy(10));
  }

  private boolean heartbeat() {
    long id = ids.incrementAndGet();
    String message = bus.heartbeatMessage(id);
    boolean sent =
        guard
            .call(
                redis ->
                    redis.eval(
                        HEARTBEAT,
                        List.of(MEMBERS),
                        List.of(bus.origin(), termMillis, RedisKeys.INVALIDATIONS, message)))
            .answered();
    if (!sent) {
      return false;
    }
    long deadline = System.nanoTime() + term / 2;
    synchronized (heard) {
      while (heardHeartbeat < id) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(heard, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Sleeps the whole time even when interrupted (a write is acknowledged only after it; Jetty's
   * pool interrupts its threads when it stops), and keeps the interrupt for the caller.
   */
  private static void sleepNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
        try {
          TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    renewals.shutdownNow();
    repairs.shutdownNow();
    bus.close();
  }

  /** The members a published change waits for, until each acknowledges or its lease ends. */
  private static final class Awaited {
    private final java.util.Set<String> acknowledged = new java.util.HashSet<>();

    synchronized void acknowledged(String member) {
      acknowledged.add(member);
      notifyAll();
    }

    /**
     * Whether every member acknowledged (else each one that did not had its lease end). Waits on
     * when interrupted (the write is acknowledged after this), and keeps the interrupt.
     */
    synchronized boolean await(Map<String, Long> deadlines) {
      boolean interrupted = false;
      try {
        while (true) {
          long now = System.nanoTime();
          long latest = now;
          boolean all = true;
          for (Map.Entry<String, Long> member : deadlines.entrySet()) {
            if (!acknowledged.contains(member.getKey())) {
              all = false;
              latest = Math.max(latest, member.getValue());
            }
          }
          if (all) {
            return true;
          }
          if (latest - now <= 0) {
            return false;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, latest - now);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
