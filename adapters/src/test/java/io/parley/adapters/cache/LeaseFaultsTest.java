package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.RedisCoherence;
import io.parley.adapters.testing.CacheInstance;
import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.Instances;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The lease's own faults, on one real PostgreSQL and one real Redis with two instances: Redis
 * losing the hash where members register their leases, a logged change applied while a read runs on
 * the instance applying it, and a repair of the shared tier that keeps failing.
 */
class LeaseFaultsTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(DATABASE.jdbi());

  private final Stores stores = TestServers.stores(POSTGRES);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000078");
  private final Instances instances = new Instances(DATABASE);

  @AfterEach
  void close() throws Exception {
    instances.close();
  }

  private CacheInstance instance(String url) {
    return instances.instance(url);
  }

  private long newestSeq(CacheInstance instance) {
    return Instances.newestSeq(instance, tenant, conversation);
  }

  private AppendedMessage append(CacheInstance on, String text) {
    return on.windows()
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, text));
  }

  private CuttableProxy proxy() {
    return instances.proxy();
  }

  private static void flushAll() {
    try (Jedis redis = new Jedis("127.0.0.1", TestServers.redis().port())) {
      redis.flushAll();
    }
  }

  /**
   * Redis loses its data (the members' hash with it) while the holder, cut off, hears nothing: its
   * lease still runs on its own clock, and the writer finds no member to wait for.
   */
  @Test
  void aWriteAfterRedisLostItsMembersWaitsOutTheLeasesItNoLongerLists() {
    CuttableProxy proxy = proxy();
    CacheInstance holder = instance(proxy.url());
    CacheInstance writer = instance(TestServers.redis().url());
    append(writer, "first");
    assertThat(newestSeq(holder)).isEqualTo(1); // held by the holder from now on
    proxy.cut();
    flushAll();

    AppendedMessage appended = append(writer, "second");

    assertThat(newestSeq(holder)).isEqualTo(appended.message().seq());
    proxy.restore();
  }

  @Test
  void aContextSavedAfterRedisLostItsMembersIsInTheHoldersNextRead() {
    CuttableProxy proxy = proxy();
    CacheInstance holder = instance(proxy.url());
    CacheInstance writer = instance(TestServers.redis().url());
    writer
        .references()
        .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    holder.references().lookup(tenant, conversation); // held by the holder from now on
    proxy.cut();
    flushAll();

    long saved =
        writer
            .references()
            .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"))
            .version();

    assertThat(holder.references().lookup(tenant, conversation).version()).isEqualTo(saved);
    proxy.restore();
  }

  /**
   * Redis restarts from a snapshot taken before the leases in force were registered: every
   * connection drops, and the members' hash comes back with its old creation time and lease ends
   * long past, so the writer finds no member to wait for. The holder's subscription dropping ends
   * its lease.
   */
  @Test
  void aWriteAfterRedisRestartedFromAnOldSnapshotIsInTheHoldersNextRead() {
    CacheInstance holder = instance(TestServers.redis().url());
    CacheInstance writer = instance(TestServers.redis().url());
    append(writer, "first");
    assertThat(newestSeq(holder)).isEqualTo(1); // held by the holder from now on
    try (Jedis redis = new Jedis("127.0.0.1", TestServers.redis().port())) {
      Map<String, String> snapshot = new HashMap<>(redis.hgetAll("parley:members"));
      snapshot.replaceAll((member, until) -> member.startsWith("~") ? until : "1");
      redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
      redis.flushAll();
      redis.hset("parley:members", snapshot);
    }

    AppendedMessage appended = append(writer, "second");

    assertThat(newestSeq(holder)).isEqualTo(appended.message().seq());
  }

  /**
   * A change logged by an instance cut off from Redis is applied by the other one: were the
   * near-cache entry dropped before Redis is repaired, a read in between would load Redis' old
   * window into the near-cache, and keep it.
   */
  @Test
  void aReadWhileALoggedChangeIsAppliedDoesNotKeepWhatTheRepairReplaces() throws Exception {
    CuttableProxy proxy = proxy();
    CacheInstance cutOff = instance(proxy.url());
    CacheInstance reader = instance(TestServers.redis().url());
    append(reader, "first");
    assertThat(newestSeq(reader)).isEqualTo(1);
    AtomicBoolean armed = new AtomicBoolean();
    AtomicLong readMeanwhile = new AtomicLong(-1);
    // Runs right after the window's near-cache handler dropped the entry: a request of the reader
    // instance that reads the window at that moment.
    reader
        .coherence()
        .onChange(
            Invalidation.WINDOW,
            change -> {
              if (change.subject().equals(conversation.toString()) && armed.getAndSet(false)) {
                readMeanwhile.set(CompletableFuture.supplyAsync(() -> newestSeq(reader)).join());
              }
            });

    proxy.cut();
    armed.set(true);
    AppendedMessage appended = append(cutOff, "while cut off"); // logged: waits one lease term

    assertThat(readMeanwhile.get()).isEqualTo(appended.message().seq());
    assertThat(newestSeq(reader)).isEqualTo(appended.message().seq());
    proxy.restore();
  }

  /**
   * Repairs that fail slowly (a cluster node that drops packets: each call waits out its timeouts),
   * three of them, longer together than a lease term: the lease and every other tenant's reads of
   * Redis carry on, and the tenant's own reads of Redis wait for them.
   */
  @Test
  void repairsThatKeepFailingSlowlySendOnlyTheirTenantsSharedReadsToPostgres() {
    CacheInstance instance = instance(TestServers.redis().url());
    instance.coherence().onMissedChange("unrepairable-1", change -> failsAfter(300));
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.coherence().trusted());
    TenantId other = stores.newTenant();

    // logged: waits one lease term
    instance.coherence().changed(unrepairable("unrepairable-1", tenant, 3), false);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !instance.coherence().trusted(tenant.toString()));
    for (int sample = 0; sample < 60; sample++) { // three lease terms: the lease keeps renewing
      assertThat(instance.coherence().trusted()).as("sample %d", sample).isTrue();
      assertThat(instance.coherence().trusted(other.toString())).isTrue();
      assertThat(instance.coherence().trusted(tenant.toString())).isFalse();
      sleep(50);
    }
  }

  @Test
  void aPendingRepairThatTakesAtLastLetsItsTenantsReadsUseRedisAgain() {
    CacheInstance instance = instance(TestServers.redis().url());
    AtomicBoolean redisBack = new AtomicBoolean();
    instance.coherence().onMissedChange("unrepairable-3", change -> redisBack.get());
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.coherence().trusted());
    instance.coherence().changed(unrepairable("unrepairable-3", tenant, 2), false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !instance.coherence().trusted(tenant.toString()));

    redisBack.set(true);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> instance.coherence().trusted(tenant.toString()));
  }

  @Test
  void repairsPendingForTooManyTenantsEndTheLease() {
    CacheInstance instance = instance(TestServers.redis().url());
    instance.coherence().onMissedChange("unrepairable-2", change -> false);
    await().atMost(Duration.ofSeconds(10)).until(() -> instance.coherence().trusted());
    List<Invalidation> manyTenants =
        IntStream.rangeClosed(0, RedisCoherence.MAX_PENDING_TENANTS)
            .mapToObj(
                i -> new Invalidation("unrepairable-2", stores.newTenant().toString(), "s", 0))
            .toList();

    instance.coherence().changed(manyTenants, false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !instance.coherence().trusted());
    for (int sample = 0; sample < 40; sample++) { // two lease terms: it stays ended
      assertThat(instance.coherence().trusted()).as("sample %d", sample).isFalse();
      sleep(50);
    }
  }

  private static boolean failsAfter(long millis) {
    sleep(millis);
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code count} changes of the tenant's of a kind whose repair (in the instance that registered
   * it) never takes: a kind per test, so another test's instances repair it (nothing to do).
   */
  private static List<Invalidation> unrepairable(String kind, TenantId tenant, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new Invalidation(kind, tenant.toString(), "subject-" + i, 0))
        .toList();
  }
}
