package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.testing.PostgresReplicaPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real primary and hot standby (the machine's PostgreSQL binaries): a standby whose WAL receiver
 * stopped keeps serving reads and reports no lag of its own (it has replayed all it received), so
 * its lag is measured against the primary's position, and it leaves rotation once that passes the
 * bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaLagTest {
  private static final Duration MAX_LAG = Duration.ofMillis(500);
  private PostgresReplicaPair servers;
  private Jdbi primary;
  private Jdbi standby;

  @BeforeAll
  void start() throws Exception {
    servers = PostgresReplicaPair.start(0);
    primary = Jdbi.create(servers.primaryUrl(), "postgres", "");
    standby = Jdbi.create(servers.standbyUrl(), "postgres", "");
    primary.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS ticks (id uuid PRIMARY KEY)"));
  }

  @AfterAll
  void stop() throws Exception {
    servers.close();
  }

  @Test
  void aStandbyWhoseWalReceiverStoppedLeavesRotationOnceThePrimaryMovesOn() {
    ReadReplicas.Replica replica = new ReadReplicas.Replica("replica-1", standby);
    ReadReplicas replicas =
        new ReadReplicas(
            List.of(replica), WritePositions.local(), MAX_LAG, AdapterMetrics.none(), target -> {});
    new PostgresAdapters(primary, replicas);
    List<Boolean> inRotation = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              tick();
              replicas.poll();
              return replica.inRotation(MAX_LAG);
            });

    standby.useHandle(
        h -> {
          h.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1'");
          h.execute("SELECT pg_reload_conf()");
        });
    long until = System.nanoTime() + MAX_LAG.multipliedBy(4).toNanos();
    while (System.nanoTime() < until) {
      tick();
      replicas.poll();
      inRotation.add(replica.inRotation(MAX_LAG));
    }

    Boolean inRecovery =
        standby.withHandle(h -> h.select("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one());
    assertThat(inRecovery).as("the standby still serves reads").isTrue();
    assertThat(replica.lagSeconds()).isGreaterThan(MAX_LAG.toMillis() / 1000.0);
    assertThat(inRotation.get(inRotation.size() - 1)).isFalse();
  }

  private void tick() {
    primary.useHandle(h -> h.execute("INSERT INTO ticks VALUES (?)", UUID.randomUUID()));
  }
}
