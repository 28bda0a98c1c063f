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
 * has replayed the scope's newest write, otherwise to the primary. Replay positions and lag are
 * polled; a replica that fails or lags more than {@code maxLag} leaves rotation by itself and comes
 * back when healthy. A replica failing mid-read never fails the read: it runs on the primary.
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
    OptionalLong needed = positions.newest(tenant, scope);
    if (needed.isEmpty()) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get((start + i) % replicas.size());
      if (replica.inRotation(maxLag) && replica.replayed() >= needed.getAsLong()) {
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

  /** Reads every replica's replay position and lag (a few times a second). */
  public void poll() {
    replicas.forEach(Replica::poll);
  }

  /** A hot standby: its pool, and what the last poll saw. */
  public static final class Replica {
    private final String name;
    private final Jdbi jdbi;
    private volatile long replayed = -1;
    private volatile double lagSeconds = Double.NaN;
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
        Replay replay =
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(
                            """
                            SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS replayed,
                              CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                                   ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
                              END AS lag""")
                        .map((rs, ctx) -> new Replay(rs.getLong("replayed"), rs.getDouble("lag")))
                        .one());
        replayed = replay.position();
        lagSeconds = replay.lagSeconds();
        up = true;
      } catch (RuntimeException e) {
        up = false;
        lagSeconds = Double.NaN;
      }
    }

    /** What one poll read: the replay position and how far behind it is. */
    private record Replay(long position, double lagSeconds) {}
  }
}
