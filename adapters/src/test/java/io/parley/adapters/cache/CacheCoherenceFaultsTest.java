package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.demo.CatalogGenerator;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.testing.CacheInstance;
import io.parley.adapters.testing.CuttableProxy;
import io.parley.adapters.testing.Instances;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.Ids;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.service.ErasureService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Two instances on one real PostgreSQL and one real Redis, and the faults production brings: one
 * instance cut off from Redis by a proxy that stops forwarding, Redis losing its data, a writer
 * that died between its commit and its cache update, an erasure racing a slow reader. In each, a
 * read on either instance that begins after a write was acknowledged includes it.
 */
class CacheCoherenceFaultsTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(DATABASE.jdbi());

  private final Stores stores = TestServers.stores(POSTGRES);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+254700000077");
  private final Instances instances = new Instances(DATABASE);

  @AfterEach
  void close() throws Exception {
    instances.close();
  }

  private CacheInstance instance(String redisUrl) {
    return instances.instance(redisUrl);
  }

  private CacheInstance instance(CacheInstance instance) {
    return instances.instance(instance);
  }

  private CuttableProxy proxy() {
    return instances.proxy();
  }

  private static long newestSeq(CacheInstance instance, TenantId tenant, ConversationId c) {
    return Instances.newestSeq(instance, tenant, c);
  }

  private AppendedMessage append(CacheInstance on, String text) {
    return on.windows()
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, text));
  }

  @Test
  void writesOnAnInstanceCutOffFromRedisAreInTheOtherInstancesNextReads() {
    CuttableProxy proxy = proxy();
    CacheInstance cutOff = instance(proxy.url());
    CacheInstance other = instance(TestServers.redis().url());
    append(cutOff, "first");
    other.references().lookup(tenant, conversation);
    assertThat(newestSeq(other, tenant, conversation)).isEqualTo(1);
    assertThat(
            other
                .catalog()
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 50, null))
                .items())
        .isEmpty();

    proxy.cut();
    // Each write is read on the other instance right after its answer (before that instance's
    // next lease renewal could have applied the change log on its own).
    long start = System.nanoTime();
    AppendedMessage appended = append(cutOff, "while cut off");
    assertThat(newestSeq(other, tenant, conversation))
        .as("the other instance's next window read")
        .isEqualTo(appended.message().seq());
    ReferenceContext saved =
        cutOff
            .references()
            .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    assertThat(other.references().lookup(tenant, conversation).version())
        .isEqualTo(saved.version());
    cutOff
        .catalog()
        .upsert(tenant, CatalogKind.PRODUCTS, CatalogGenerator.products(3, 2), Instant.now());
    assertThat(
            other
                .catalog()
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 50, null))
                .items())
        .hasSize(2);
    long took = System.nanoTime() - start;
    assertThat(Duration.ofNanos(took))
        .as("three writes acknowledged, each after one lease term")
        .isGreaterThanOrEqualTo(TestServers.LEASE_TERM.multipliedBy(3));

    proxy.restore();
    await().atMost(Duration.ofSeconds(10)).until(() -> cutOff.coherence().trusted());
    AppendedMessage after = append(other, "after the cut");
    assertThat(newestSeq(cutOff, tenant, conversation)).isEqualTo(after.message().seq());
  }

  @Test
  void anInstanceCutOffFromRedisStopsServingWhatItHoldsBeforeAWriteElsewhereIsAcknowledged() {
    CuttableProxy proxy = proxy();
    CacheInstance cutOff = instance(proxy.url());
    CacheInstance writer = instance(TestServers.redis().url());
    append(writer, "first");
    assertThat(newestSeq(cutOff, tenant, conversation)).isEqualTo(1);
    cutOff.references().lookup(tenant, conversation);

    proxy.cut();
    AppendedMessage appended = append(writer, "second");
    ReferenceContext saved =
        writer
            .references()
            .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"));

    assertThat(cutOff.coherence().trusted())
        .as("its lease ended before the writes were acknowledged")
        .isFalse();
    assertThat(newestSeq(cutOff, tenant, conversation)).isEqualTo(appended.message().seq());
    assertThat(cutOff.references().lookup(tenant, conversation).version())
        .isEqualTo(saved.version());
    proxy.restore();
  }

  @Test
  void aWriterInterruptedWhileItWaitsForAMembersLeaseIsNotAcknowledgedBeforeTheLeaseEnds()
      throws Exception {
    CuttableProxy proxy = proxy();
    CacheInstance cutOff = instance(proxy.url());
    CacheInstance writer = instance(TestServers.redis().url());
    proxy.cut(); // its lease still runs (up to one term), and it cannot acknowledge
    assertThat(cutOff.coherence().trusted()).as("a live member the write waits for").isTrue();

    Interrupted write =
        interruptedAfter(
            Duration.ofMillis(50),
            () ->
                writer
                    .coherence()
                    .changed(
                        new Invalidation(Invalidation.API_KEY, tenant.toString(), "00", 0), true),
            () -> cutOff.coherence().trusted());

    assertThat(write.stillInterrupted()).as("the interrupt is kept for the caller").isTrue();
    assertThat(write.leaseStillRan())
        .as("the cut-off member's lease had ended when the write returned")
        .isFalse();
    proxy.restore();
  }

  @Test
  void aWriterInterruptedWhileItWaitsOutTheLeaseTermIsNotAcknowledgedBeforeTheTermEnds()
      throws Exception {
    CacheInstance writer = instance(TestServers.redis().url());

    Interrupted write =
        interruptedAfter(
            Duration.ofMillis(50),
            () ->
                writer
                    .coherence()
                    .changed(
                        new Invalidation(Invalidation.API_KEY, tenant.toString(), "00", 0), false),
            () -> false);

    assertThat(write.stillInterrupted()).as("the interrupt is kept for the caller").isTrue();
    assertThat(write.took())
        .as("a logged change waits one lease term and its margin")
        .isGreaterThanOrEqualTo(TestServers.LEASE_TERM.plus(TestServers.LEASE_TERM.dividedBy(20)));
  }

  /**
   * How {@code write} went on a thread interrupted {@code after} it began (as Jetty's pool
   * interrupts its threads when the server stops): how long it took, whether the thread was still
   * interrupted when it returned, and whether {@code leaseRuns} still held then.
   */
  private record Interrupted(Duration took, boolean stillInterrupted, boolean leaseStillRan) {}

  private static Interrupted interruptedAfter(
      Duration after, Runnable write, java.util.function.BooleanSupplier leaseRuns)
      throws Exception {
    CompletableFuture<Interrupted> done = new CompletableFuture<>();
    Thread writing =
        new Thread(
            () -> {
              long start = System.nanoTime();
              try {
                write.run();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                done.complete(
                    new Interrupted(
                        took, Thread.currentThread().isInterrupted(), leaseRuns.getAsBoolean()));
              } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
              }
            },
            "interrupted-writer");
    writing.start();
    Thread.sleep(after.toMillis());
    writing.interrupt();
    return done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void redisLosingItsDataNeverServesAWindowWithoutTheNewestMessages() {
    CacheInstance holder = instance(TestServers.redis().url());
    CacheInstance writer = instance(TestServers.redis().url());
    for (int i = 0; i < 5; i++) {
      append(writer, "before " + i);
    }
    assertThat(newestSeq(holder, tenant, conversation)).isEqualTo(5); // held here from now on
    try (UnifiedJedis redis = redis()) {
      redis.flushAll();
    }

    long newest = 0;
    for (int i = 0; i < 5; i++) {
      newest = append(writer, "after " + i).message().seq();
    }

    assertThat(newestSeq(holder, tenant, conversation)).isEqualTo(newest);
  }

  @Test
  void aRetriedDeliveryMovesTheWindowThatADeadWriterDidNot() {
    CacheInstance reader = instance(TestServers.redis().url());
    CacheInstance retrying = instance(TestServers.redis().url());
    append(retrying, "first");
    assertThat(newestSeq(reader, tenant, conversation)).isEqualTo(1);
    // The writer that died: committed to PostgreSQL, never reached any cache.
    Message committed =
        POSTGRES
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.CUSTOMER_INBOUND, "retried", "wamid.retried"))
            .message();

    AppendedMessage retried =
        retrying
            .windows()
            .messages()
            .append(
                tenant,
                Stores.messageWithProviderId(
                    conversation, MessageType.CUSTOMER_INBOUND, "retried", "wamid.retried"));

    assertThat(retried.created()).isFalse();
    assertThat(newestSeq(reader, tenant, conversation)).isEqualTo(committed.seq());
  }

  @Test
  void anErasureRacingASlowReaderLeavesNothingOfTheConversationReadable() throws Exception {
    CountDownLatch readDone = new CountDownLatch(1);
    CountDownLatch erased = new CountDownLatch(1);
    CacheInstance slowReader =
        instance(
            new CacheInstance(
                TestServers.redis().url(),
                DATABASE,
                history -> slowAfterRead(history, readDone, erased)));
    CacheInstance eraser = instance(TestServers.redis().url());
    append(eraser, "hello");
    eraser
        .references()
        .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));

    try (UnifiedJedis redis = redis()) {
      redis.del(io.parley.adapters.redis.RedisKeys.window(tenant, conversation)); // evicted
    }
    CompletableFuture<Optional<ConversationWindow>> racing =
        CompletableFuture.supplyAsync(
            () ->
                slowReader
                    .windows()
                    .history()
                    .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10));
    assertThat(readDone.await(10, TimeUnit.SECONDS)).isTrue();
    new ErasureService(
            POSTGRES.erasures(),
            eraser.references(),
            eraser.windows().messages(),
            Clock.systemUTC(),
            100)
        .erase(
            tenant,
            POSTGRES.conversations().find(tenant, conversation).orElseThrow().customer().id());
    erased.countDown();
    assertThat(racing.get(10, TimeUnit.SECONDS)).as("the read that began before").isPresent();

    for (CacheInstance instance : List.of(slowReader, eraser)) {
      assertThat(
              instance
                  .windows()
                  .history()
                  .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10))
          .isEmpty();
      assertThat(instance.references().lookup(tenant, conversation))
          .isInstanceOf(ContextLookup.ConversationAbsent.class);
    }
  }

  @Test
  void anErasureOnAnInstanceCutOffFromRedisLeavesNothingOfTheConversationReadableElsewhere() {
    CuttableProxy proxy = proxy();
    CacheInstance cutOff = instance(proxy.url());
    CacheInstance other = instance(TestServers.redis().url());
    append(other, "hello");
    other
        .references()
        .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    assertThat(newestSeq(other, tenant, conversation)).as("held there, and in Redis").isEqualTo(1);
    assertThat(other.references().lookup(tenant, conversation))
        .isNotInstanceOf(ContextLookup.ConversationAbsent.class);

    proxy.cut();
    new ErasureService(
            POSTGRES.erasures(),
            cutOff.references(),
            cutOff.windows().messages(),
            Clock.systemUTC(),
            100)
        .erase(
            tenant,
            POSTGRES.conversations().find(tenant, conversation).orElseThrow().customer().id());

    assertThat(
            other.windows().history().recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10))
        .as("the other instance's next window read")
        .isEmpty();
    assertThat(other.references().lookup(tenant, conversation))
        .isInstanceOf(ContextLookup.ConversationAbsent.class);
    proxy.restore();
  }

  @Test
  void aRetriedErasureIsAnsweredOnlyOnceEveryInstanceForgotWhatItsDeadEraserDidNot() {
    askedAfterADeadEraser(
        "the retried erasure's answer",
        (erasures, customer, erased) ->
            assertThat(erasures.erase(tenant, customer).completed()).isTrue());
  }

  @Test
  void theErasuresListReportsAnErasureCompletedOnlyOnceEveryInstanceForgotItsConversations() {
    askedAfterADeadEraser(
        "the list said completed",
        (erasures, customer, erased) ->
            assertThat(erasures.erasures(tenant, 10))
                .singleElement()
                .extracting(Erasure::completed)
                .isEqualTo(true));
  }

  @Test
  void anErasureReadByIdIsCompletedOnlyOnceEveryInstanceForgotItsConversations() {
    askedAfterADeadEraser(
        "the erasure was read", // what GET .../erasures/{id} runs first
        (erasures, customer, erased) -> erasures.settle(tenant, erased.id()));
  }

  /** What another instance is asked about an erasure whose eraser died before forgetting. */
  private interface Ask {
    void ask(ErasureService erasures, CustomerId customer, Erasure erased);
  }

  /**
   * The holder holds the conversation's window; an eraser commits the erasure and dies before any
   * cache forgets; another instance is asked about it ({@code ask}, answered as {@code answer}).
   * The holder's next read finds nothing, while the lease it renewed before the log had the erasure
   * still runs (so the answer did not merely outwait it).
   */
  private void askedAfterADeadEraser(String answer, Ask ask) {
    HeldRenewals renewals = new HeldRenewals();
    CacheInstance holder =
        instance(CacheInstance.withChangeLog(TestServers.redis().url(), DATABASE, renewals::over));
    CacheInstance asked = instance(TestServers.redis().url());
    append(holder, "hello");
    assertThat(newestSeq(holder, tenant, conversation)).as("held there, and in Redis").isEqualTo(1);
    CustomerId customer = customer();
    try {
      renewals.holdNext(); // its lease, renewed before the log has the erasure, runs on
      Erasure erased = erasedByAnEraserThatDiedBeforeForgetting(customer);

      ask.ask(erasures(asked), customer, erased);

      assertThat(
              holder
                  .windows()
                  .history()
                  .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10))
          .as("the holder's next read after " + answer)
          .isEmpty();
      assertThat(holder.coherence().trusted())
          .as("its lease still ran: the answer did not just outwait it")
          .isTrue();
    } finally {
      renewals.release();
    }
  }

  private CustomerId customer() {
    return POSTGRES.conversations().find(tenant, conversation).orElseThrow().customer().id();
  }

  private static ErasureService erasures(CacheInstance on) {
    return new ErasureService(
        POSTGRES.erasures(), on.references(), on.windows().messages(), Clock.systemUTC(), 100);
  }

  /**
   * The eraser's store work up to its last transaction (which also logs the conversations as gone),
   * committed; its process dies before any cache forgets.
   */
  private Erasure erasedByAnEraserThatDiedBeforeForgetting(CustomerId customer) {
    String subject = KeyHash.of("erasure:" + tenant + ":" + customer.value()).hex();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Erasure begun =
        POSTGRES
            .erasures()
            .begin(tenant, customer, subject, Ids.next(Clock.systemUTC()), now)
            .orElseThrow();
    return POSTGRES.erasures().finish(tenant, begun.id(), customer, now).erasure();
  }

  /**
   * An instance's change log, whose reads can be held up: {@link #holdNext} stops the next lease
   * renewal at its change-log read (so the lease renewed before runs on, up to its term, without
   * the log's newer rows) until {@link #release}.
   */
  private static final class HeldRenewals {
    private volatile CountDownLatch release;
    private final CountDownLatch holding = new CountDownLatch(1);

    ChangeLog over(ChangeLog log) {
      return new ChangeLog() {
        @Override
        public void record(List<Invalidation> changes) {
          log.record(changes);
        }

        @Override
        public List<Logged> recent(Duration window) {
          CountDownLatch held = release;
          if (held != null) {
            holding.countDown();
            try {
              held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return log.recent(window);
        }

        @Override
        public void markApplied(List<Long> ids) {
          log.markApplied(ids);
        }

        @Override
        public int prune(Duration age) {
          return log.prune(age);
        }
      };
    }

    /** Holds the next renewal; returns once it is held. */
    void holdNext() {
      release = new CountDownLatch(1);
      try {
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("a renewal held").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void release() {
      CountDownLatch held = release;
      release = null;
      if (held != null) {
        held.countDown();
      }
    }
  }

  @Test
  void aConversationRetentionRemovedIsForgottenEverywhereThoughItsRemoverDiedBeforeForgetting() {
    CacheInstance holder = instance(TestServers.redis().url());
    append(holder, "hello");
    assertThat(newestSeq(holder, tenant, conversation)).as("held there, and in Redis").isEqualTo(1);
    POSTGRES
        .conversations()
        .update(
            tenant,
            conversation,
            new io.parley.domain.port.out.ConversationStore.ConversationChanges(
                io.parley.domain.model.ConversationStatus.CLOSED, null, null),
            java.time.Instant.now());
    assertThat(newestSeq(holder, tenant, conversation)).isEqualTo(1);

    // The retention pass's store work, committed; its process dies before telling any cache.
    long[] removed = new long[2];
    while (POSTGRES.retention().removeConversation(tenant, conversation, 100, removed) > 0) {
      // the next bounded step
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                holder
                    .windows()
                    .history()
                    .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)
                    .isEmpty());
  }

  private static UnifiedJedis redis() {
    return io.parley.adapters.redis.RedisConnections.of(
            TestServers.redis().url(), Duration.ofSeconds(1), Duration.ofSeconds(1))
        .client(1);
  }

  @Test
  void aReaderThatTookAGenerationBeforeAWriteNeverStoresItsOlderWindow() throws Exception {
    CountDownLatch readDone = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    CacheInstance slowReader =
        instance(
            new CacheInstance(
                TestServers.redis().url(),
                DATABASE,
                history -> slowAfterRead(history, readDone, written)));
    CacheInstance writer = instance(TestServers.redis().url());
    append(writer, "first");
    try (UnifiedJedis redis = redis()) {
      redis.flushAll(); // the generation and the window are gone: the reader sets its own
    }
    CompletableFuture<Optional<ConversationWindow>> racing =
        CompletableFuture.supplyAsync(
            () ->
                slowReader
                    .windows()
                    .history()
                    .recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10));
    assertThat(readDone.await(10, TimeUnit.SECONDS)).isTrue();
    try (UnifiedJedis redis = redis()) {
      redis.del(io.parley.adapters.redis.RedisKeys.window(tenant, conversation));
    }
    AppendedMessage second = append(writer, "second"); // a new generation, built from PostgreSQL
    try (UnifiedJedis redis = redis()) {
      redis.del(io.parley.adapters.redis.RedisKeys.window(tenant, conversation));
    }
    written.countDown();
    racing.get(10, TimeUnit.SECONDS);

    CacheInstance fresh = instance(TestServers.redis().url());
    assertThat(newestSeq(fresh, tenant, conversation))
        .as("what Redis holds for an instance that holds nothing")
        .isEqualTo(second.message().seq());
  }

  @Test
  void aNearCacheReadThatRacedWithAWriteElsewhereDoesNotKeepWhatItRead() throws Exception {
    CacheInstance writer = instance(TestServers.redis().url());
    writer
        .references()
        .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch saved = new CountDownLatch(1);
    CacheInstance reader =
        instance(
            new CacheInstance(
                TestServers.redis().url(),
                DATABASE,
                history -> history,
                store -> slowFirstLookup(store, read, saved)));
    CompletableFuture<Long> racing =
        CompletableFuture.supplyAsync(
            () -> reader.references().lookup(tenant, conversation).version());
    assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
    ReferenceContext newer =
        writer
            .references()
            .save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"));
    saved.countDown();
    assertThat(racing.get(10, TimeUnit.SECONDS)).as("the read that began before").isEqualTo(1);

    assertThat(reader.references().lookup(tenant, conversation).version())
        .as("the reader's next read")
        .isEqualTo(newer.version());
  }

  /** The shared tier's answer to the first lookup, handed back only after {@code release}. */
  private static io.parley.domain.port.out.ReferenceContextStore slowFirstLookup(
      io.parley.domain.port.out.ReferenceContextStore store,
      CountDownLatch read,
      CountDownLatch release) {
    java.util.concurrent.atomic.AtomicBoolean first =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    return new io.parley.domain.port.out.ReferenceContextStore() {
      @Override
      public ReferenceContext save(TenantId tenant, NewReferenceContext context) {
        return store.save(tenant, context);
      }

      @Override
      public ContextLookup lookup(TenantId tenant, ConversationId conversation) {
        ContextLookup found = store.lookup(tenant, conversation);
        if (first.getAndSet(false)) {
          read.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return found;
      }

      @Override
      public io.parley.domain.model.QuotedContextLookup quoted(
          TenantId tenant, ConversationId conversation, String providerMessageId) {
        return store.quoted(tenant, conversation, providerMessageId);
      }

      @Override
      public void forget(TenantId tenant, List<ConversationId> conversations) {
        store.forget(tenant, conversations);
      }
    };
  }

  /** PostgreSQL's answer to the first window read, handed back only after the erasure. */
  private static ConversationHistory slowAfterRead(
      ConversationHistory history, CountDownLatch readDone, CountDownLatch erased) {
    return new SlowFirstWindow(history, readDone, erased);
  }
}
