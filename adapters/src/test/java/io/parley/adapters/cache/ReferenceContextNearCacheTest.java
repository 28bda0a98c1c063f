package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.parley.domain.contract.ReferenceContextStoreContractTest;
import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReferenceContextNearCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final InMemoryConversations conversations = new InMemoryConversations(tenants);
  private final InMemoryReferenceContexts store = new InMemoryReferenceContexts(conversations);
  private final Stores stores =
      new Stores(tenants, tenants, conversations, conversations, conversations);
  private final TenantId tenant = stores.newTenant();
  private final ConversationId conversation = stores.newConversation(tenant, "+1");

  private ReferenceContextNearCache cacheOver(ReferenceContextStore delegate) {
    return cacheOver(delegate, Coherence.alone());
  }

  private ReferenceContextNearCache cacheOver(ReferenceContextStore delegate, Coherence coherence) {
    return new ReferenceContextNearCache(
        delegate,
        new NearCacheSettings(
            Duration.ofSeconds(5),
            64L << 20,
            (Ticker) nanos::get,
            name -> StatsCounter.disabledStatsCounter()),
        coherence);
  }

  /**
   * The store, whose {@code lagging}-th lookup reads, counts {@code read} down, then waits for
   * {@code release} before it answers what it read.
   */
  private ReferenceContextStore lookupThatLags(
      int lagging, CountDownLatch read, CountDownLatch release) {
    AtomicInteger lookups = new AtomicInteger();
    return new ReferenceContextStore() {
      @Override
      public ReferenceContext save(TenantId t, NewReferenceContext c) {
        return store.save(t, c);
      }

      @Override
      public ContextLookup lookup(TenantId t, ConversationId c) {
        ContextLookup answer = store.lookup(t, c);
        if (lookups.incrementAndGet() == lagging) {
          read.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return answer;
      }

      @Override
      public QuotedContextLookup quoted(TenantId t, ConversationId c, String message) {
        return store.quoted(t, c, message);
      }

      @Override
      public void forget(TenantId t, List<ConversationId> conversations) {
        store.forget(t, conversations);
      }
    };
  }

  @Test
  void aWarmLookupDoesNotReachTheStoreAndASaveUpdatesTheEntry() {
    ReferenceContextNearCache cache = cacheOver(store);
    cache.lookup(tenant, conversation);
    ReferenceContext saved =
        cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));

    ContextLookup read = cache.lookup(tenant, conversation);

    assertThat(read).isEqualTo(new ContextLookup.Newest(saved));
    assertThat(store.lookups()).isEqualTo(1);
  }

  @Test
  void entriesLiveNoLongerThanTheTtl() {
    ReferenceContextNearCache cache = cacheOver(store);
    cache.lookup(tenant, conversation);
    store.save(
        tenant,
        ReferenceContextStoreContractTest.newContext(conversation, "A")); // another instance

    assertThat(cache.lookup(tenant, conversation).version()).isZero();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
    assertThat(cache.lookup(tenant, conversation).version()).isEqualTo(1);
  }

  @Test
  void anInvalidationDropsOnlyOlderEntries() {
    ReferenceContextNearCache cache = cacheOver(store);
    cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    cache.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "B"));

    cache.evict(tenant, conversation, 2);
    assertThat(cache.size()).isEqualTo(1);
    cache.evict(tenant, conversation, 3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void concurrentMissesForOneConversationLoadOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger loadsNotReleased = new AtomicInteger();
    ReferenceContextStore slow =
        new ReferenceContextStore() {
          @Override
          public ReferenceContext save(TenantId t, NewReferenceContext c) {
            return store.save(t, c);
          }

          @Override
          public ContextLookup lookup(TenantId t, ConversationId c) {
            loads.incrementAndGet();
            try {
              if (!release.await(5, TimeUnit.SECONDS)) {
                loadsNotReleased.incrementAndGet();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return store.lookup(t, c);
          }

          @Override
          public QuotedContextLookup quoted(TenantId t, ConversationId c, String message) {
            return store.quoted(t, c, message);
          }

          @Override
          public void forget(TenantId t, List<ConversationId> conversations) {
            store.forget(t, conversations);
          }
        };
    ReferenceContextNearCache cache = cacheOver(slow);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<ContextLookup>> readers = new ArrayList<>();
      List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 0; i < 16; i++) {
        readers.add(
            pool.submit(
                () -> {
                  threads.add(Thread.currentThread());
                  return cache.lookup(tenant, conversation);
                }));
      }
      // Release the load only once all 16 readers are inside the lookup and parked (on the load
      // or on the one in progress): a reader still on its way would make "one load" trivial.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(4))
          .until(
              () ->
                  loads.get() >= 1
                      && threads.size() == 16
                      && threads.stream()
                          .allMatch(
                              t ->
                                  t.getState() == Thread.State.WAITING
                                      || t.getState() == Thread.State.TIMED_WAITING
                                      || t.getState() == Thread.State.BLOCKED));
      release.countDown();
      for (Future<ContextLookup> reader : readers) {
        assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(ContextLookup.Newest.class);
      }
      assertThat(loadsNotReleased.get())
          .as("loads that timed out instead of being released")
          .isZero();
      assertThat(loads.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReadPastThreeQuartersOfTheTtlReloadsAheadSoAHotEntryNeverExpiresUnderItsReaders() {
    ReferenceContextNearCache cache = cacheOver(store);
    cache.lookup(tenant, conversation);
    store.save(
        tenant,
        ReferenceContextStoreContractTest.newContext(conversation, "A")); // another instance

    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(cache.lookup(tenant, conversation).version())
        .as("the held entry is served while it is reloaded")
        .isZero();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> store.lookups() == 2 && cache.lookup(tenant, conversation).version() == 1);

    nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // 6 s after the first load: past its TTL
    assertThat(cache.lookup(tenant, conversation).version()).isEqualTo(1);
    assertThat(store.lookups())
        .as("no reader loaded: the reload had replaced the entry")
        .isEqualTo(2);
  }

  @Test
  void aReloadAheadThatAChangeOvertookIsNotInstalled() throws Exception {
    CountDownLatch readDone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // the second lookup is the reload ahead: it reads, then lags
    ReferenceContextStore slowSecondRead = lookupThatLags(2, readDone, release);
    ReferenceContextNearCache cache = cacheOver(slowSecondRead);
    cache.lookup(tenant, conversation);
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    cache.lookup(tenant, conversation); // starts the reload, which reads version 0
    assertThat(readDone.await(5, TimeUnit.SECONDS)).isTrue();

    ReferenceContext saved =
        store.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));
    cache.evict(tenant, conversation, saved.version()); // the change's invalidation arrives
    release.countDown(); // the reload installs now, or the next read joins it: either way refused

    assertThat(cache.lookup(tenant, conversation).version())
        .as("the reload's older read was not installed over the change")
        .isEqualTo(saved.version());
  }

  @Test
  void aReaderWithoutTheLeaseDoesNotTakeALoadStartedUnderIt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean trusted =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Coherence alone = Coherence.alone();
    Coherence lapsing =
        (Coherence)
            java.lang.reflect.Proxy.newProxyInstance(
                Coherence.class.getClassLoader(),
                new Class<?>[] {Coherence.class},
                (proxy, method, args) ->
                    method.getName().equals("trusted")
                        ? trusted.get()
                        : method.invoke(alone, args));
    CountDownLatch firstRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReferenceContextNearCache cache = cacheOver(lookupThatLags(1, firstRead, release), lapsing);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ContextLookup> first = pool.submit(() -> cache.lookup(tenant, conversation));
      assertThat(firstRead.await(4, TimeUnit.SECONDS)).isTrue();
      trusted.set(false); // the lease lapsed: another instance's save goes unheard here
      ReferenceContext saved =
          store.save(tenant, ReferenceContextStoreContractTest.newContext(conversation, "A"));

      Future<ContextLookup> second = pool.submit(() -> cache.lookup(tenant, conversation));

      assertThat(second.get(3, TimeUnit.SECONDS).version())
          .as("read for itself, not the answer of the load still under way")
          .isEqualTo(saved.version());
      release.countDown();
      first.get(5, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
