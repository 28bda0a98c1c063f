package io.parley.adapters.postgres;

import io.parley.adapters.AdapterMetrics;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Hot standbys that take read-only statements: a read of a scope goes to a replica in rotation that
 * has replayed the scope's newest write (or, when no write of the scope is known, everything the
 * primary had at the last poll), otherwise to the primary. Replay positions are polled with the
 * primary's own WAL position, and a replica's lag is measured against it (GitLab's method): how
 * long ago the primary was first past what the replica has replayed. So a standby whose WAL
 * receiver stopped (it receives nothing, replays all it received, and reports no lag of its own)
 * falls behind here as soon as the primary moves. A replica that fails or lags more than {@code
 * maxLag} leaves rotation by itself and comes back when healthy; one failing mid-read never fails
 * the read: it runs on the primary.
 */
public final class ReadReplicas {
  static final ReadReplicas NONE =
      new ReadReplicas(
          List.of(), WritePositions.local(), Duration.ZERO, AdapterMetrics.none(), target -> {});

  private final List<Replica> replicas;
  private final WritePositions positions;
  private final Duration maxLag;
  private final AdapterMetrics metrics;
  private final AtomicInteger next = new AtomicInteger();
  private final java.util.function.Consumer<String> onRead;

  /** Where the primary's WAL was at each recent poll: {nanoTime, position}, oldest first. */
  private final java.util.ArrayDeque<long[]> primarySamples = new java.util.ArrayDeque<>();

  private volatile java.util.function.LongSupplier primaryPosition = () -> -1;
  private volatile long primaryFloor = -1;

  /** {@code onRead} hears where each read ran ("primary" or "replica"), on the reading thread. */
  public ReadReplicas(
      List<Replica> replicas,
      WritePositions positions,
      Duration maxLag,
      AdapterMetrics metrics,
      java.util.function.Consumer<String> onRead) {
    this.onRead = onRead;
    this.replicas = List.copyOf(replicas);
    this.positions = positions;
    this.maxLag = maxLag;
    this.metrics = metrics;
    for (Replica replica : replicas) {
      metrics.gauge("db.replicas." + replica.name() + ".lag-seconds", replica::lagSeconds);
      metrics.gauge(
          "db.replicas." + replica.name() + ".up", () -> replica.inRotation(maxLag) ? 1 : 0);
    }
  }

  public boolean active() {
    return !replicas.isEmpty();
  }

  <T> T read(
      TenantId tenant,
      String scope,
      HandleCallback<T, RuntimeException> work,
      java.util.function.Function<HandleCallback<T, RuntimeException>, T> primary) {
    Replica replica = active() ? choose(tenant, scope) : null;
    if (replica != null) {
      try {
        T result = replica.jdbi().withHandle(work);
        counted("replica");
        return result;
      } catch (JdbiException e) {
        if (PostgresCalls.isConnectionFailure(e)) {
          replica.down();
          metrics.increment("db.replicas." + replica.name() + ".failures");
        } else {
          throw PostgresCalls.translate(e);
        }
      }
    }
    T result = primary.apply(work);
    counted("primary");
    return result;
  }

  private void counted(String target) {
    onRead.accept(target);
    metrics.increment("db.reads." + target);
  }

  private Replica choose(TenantId tenant, String scope) {
    OptionalLong newest = positions.newest(tenant, scope);
    if (newest.isEmpty()) {
      return null;
    }
    // No write of the scope known (none for a day, or Redis lost it): what the primary had.
    long needed = newest.getAsLong() == WritePositions.UNKNOWN ? primaryFloor : newest.getAsLong();
    if (needed < 0) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get((start + i) % replicas.size());
      if (replica.inRotation(maxLag) && replica.replayed() >= needed) {
        return replica;
      }
    }
    return null;
  }

  /** After a commit, on the same connection: where the WAL is now, for each scope written. */
  void recordWrite(Handle handle, TenantId tenant, List<String> scopes) {
    long lsn =
        handle
            .createQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")
            .mapTo(Long.class)
            .one();
    for (String scope : scopes) {
      positions.written(tenant, scope, lsn);
    }
  }

  /** How to read the primary's current WAL position (set by the adapters that own it). */
  void primaryPosition(java.util.function.LongSupplier position) {
    this.primaryPosition = position;
  }

  /**
   * Reads the primary's WAL position, then every replica's replay position, and measures each
   * replica's lag against the primary's recent positions (a few times a second).
   */
  public void poll() {
    long now = System.nanoTime();
    long primary;
    try {
      primary = primaryPosition.getAsLong();
    } catch (RuntimeException e) {
      primary = -1;
    }
    synchronized (primarySamples) {
      if (primary >= 0) {
        primarySamples.addLast(new long[] {now, primary});
      }
      long keep = maxLag.multipliedBy(4).plusSeconds(1).toNanos();
      while (!primarySamples.isEmpty() && now - primarySamples.peekFirst()[0] > keep) {
        primarySamples.removeFirst();
      }
    }
    for (Replica replica : replicas) {
      replica.poll();
      replica.lagSeconds =
          replica.up() && primary >= 0 ? behindSince(replica.replayed(), now) / 1e9 : Double.NaN;
    }
    primaryFloor = primary;
  }

  /** How long the primary has been past {@code replayed} (0 when it is not). */
  private long behindSince(long replayed, long now) {
    synchronized (primarySamples) {
      for (long[] sample : primarySamples) {
        if (sample[1] > replayed) {
          return now - sample[0];
        }
      }
    }
    return 0;
  }

  /** A hot standby: its pool, and what the last poll saw. */
  public static final class Replica {
    private final String name;
    private final Jdbi jdbi;
    private volatile long replayed = -1;
    private volatile double lagSeconds = Double.NaN; // against the primary, set by the poll
    private volatile boolean up;

    public Replica(String name, Jdbi jdbi) {
      this.name = name;
      this.jdbi = jdbi;
    }

    public String name() {
      return name;
    }

    Jdbi jdbi() {
      return jdbi;
    }

    long replayed() {
      return replayed;
    }

    public double lagSeconds() {
      return lagSeconds;
    }

    public boolean up() {
      return up;
    }

    public boolean inRotation(Duration maxLag) {
      return up && lagSeconds <= maxLag.toMillis() / 1000.0;
    }

    void down() {
      up = false;
    }

    void poll() {
      try {
        long replay =
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")
                        .mapTo(Long.class)
                        .one());
        replayed = replay;
        up = true;
      } catch (RuntimeException e) {
        up = false;
        lagSeconds = Double.NaN;
      }
    }
  }
}
