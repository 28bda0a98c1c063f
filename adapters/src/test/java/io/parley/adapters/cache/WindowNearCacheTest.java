package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisKeys;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.WindowRedisCache;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * The windows' near-cache over their Redis tier on real Redis and PostgreSQL: what it holds after a
 * read that raced a write of the same conversation on this instance, and how many round trips an
 * append costs the window's tier.
 */
class WindowNearCacheTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final PostgresAdapters ADAPTERS = new PostgresAdapters(DATABASE.jdbi());
  private static final RedisSharedCache REDIS =
      TestServers.started(TestServers.redisSharedCache(DATABASE));

  @AfterAll
  static void close() {
    REDIS.close();
  }

  @Test
  void aReadThatLoadedBeforeAnAppendHereNeverLeavesTheOlderWindowHeld() throws Exception {
    Stores stores = TestServers.stores(ADAPTERS);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254788100001");
    PausingTier tier =
        new PausingTier(
            new WindowRedisCache(
                WindowTier.uncached(ADAPTERS.history(), ADAPTERS.messages()), REDIS));
    WindowNearCache windows =
        new WindowNearCache(
            tier, NearCacheSettings.of(Duration.ofMinutes(5), 64L << 20), REDIS.coherence());
    windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "one"));
    windows.forget(
        tenant, List.of(conversation)); // nothing held, nothing in Redis: the read below loads

    // A read loads the window with "one" from the tier and is held up before it returns.
    CompletableFuture<Optional<ConversationWindow>> slowRead =
        CompletableFuture.supplyAsync(
            () -> windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10));
    assertThat(tier.loaded.await(10, TimeUnit.SECONDS)).isTrue();
    // Meanwhile this instance appends "two" and acknowledges it.
    windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "two"));
    tier.release.countDown();
    assertThat(texts(slowRead.get(10, TimeUnit.SECONDS))).containsExactly("one");

    assertThat(texts(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)))
        .as("the next read, after the append was acknowledged")
        .containsExactly("one", "two");
  }

  @Test
  void anAppendExtendingTheWindowThisInstanceHoldsMovesAndStoresItInOneRoundTrip() {
    Stores stores = TestServers.stores(ADAPTERS);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254788100002");
    AtomicInteger windowCommands = new AtomicInteger();
    try (RedisSharedCache shared = counting(tenant, conversation, windowCommands)) {
      WindowNearCache windows =
          nearCache(WindowTier.uncached(ADAPTERS.history(), ADAPTERS.messages()), shared);
      windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m0"));
      assertThat(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)).isPresent();

      windowCommands.set(0);
      for (int i = 1; i <= 10; i++) {
        windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m" + i));
      }
      // One script an append; a late lease renewal (the instance then forgets what it holds) costs
      // the next append a second. Without the merged script: 20.
      assertThat(windowCommands.get())
          .as("commands naming the conversation's generation, for 10 appends")
          .isBetween(10, 12);

      // What the other instances read: the window under the current generation, with m10.
      try (UnifiedJedis redis =
          RedisConnections.of(
                  TestServers.redis().url(), Duration.ofSeconds(1), Duration.ofSeconds(1))
              .client(1)) {
        String generation = redis.get(RedisKeys.windowGeneration(tenant, conversation));
        String window = redis.get(RedisKeys.window(tenant, conversation));
        assertThat(window).startsWith(generation + "|").contains("\"m0\"", "\"m10\"");
      }
    }
  }

  @Test
  void anAppendWhoseHeldWindowAnotherWriteOvertookStoresNoWindowWithoutThatWrite()
      throws Exception {
    Stores stores = TestServers.stores(ADAPTERS);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254788100003");
    CountDownLatch committed = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean pause = new AtomicBoolean();
    MessageStore pausing =
        (MessageStore)
            Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class},
                (proxy, method, args) -> {
                  Object result = invoke(method, ADAPTERS.messages(), args);
                  if (method.getName().equals("append") && pause.getAndSet(false)) {
                    committed.countDown();
                    resume.await(10, TimeUnit.SECONDS);
                  }
                  return result;
                });
    AtomicInteger windowCommands = new AtomicInteger();
    RedisSharedCache shared = counting(tenant, conversation, windowCommands);
    WindowNearCache windows = nearCache(WindowTier.uncached(ADAPTERS.history(), pausing), shared);
    windows.append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m0"));
    windowCommands.set(0);
    assertThat(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)).isPresent();
    assertThat(windowCommands.get()).as("m0's window is held here").isZero();

    // This instance appends m1 with the window of m0 held; after m1's commit, before its move,
    // another writer changes the conversation: its commit, then its move.
    pause.set(true);
    CompletableFuture<AppendedMessage> append =
        CompletableFuture.supplyAsync(
            () ->
                windows.append(
                    tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m1")));
    assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
    DATABASE
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE conversations SET summary = 'changed' WHERE tenant_id = ? AND id = ?",
                    tenant.value(),
                    conversation.value()));
    new WindowRedisCache(WindowTier.uncached(ADAPTERS.history(), ADAPTERS.messages()), REDIS)
        .rebuilt(tenant, conversation);
    resume.countDown();
    append.get(10, TimeUnit.SECONDS);

    ConversationWindow window =
        windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10).orElseThrow();
    shared.close();
    assertThat(window.conversation().summary()).isEqualTo("changed");
    assertThat(window.recentMessages().stream().map(Message::text)).containsExactly("m0", "m1");
  }

  /** A shared cache of its own (another instance) that counts the commands naming the window. */
  private static RedisSharedCache counting(
      TenantId tenant, ConversationId conversation, AtomicInteger commands) {
    byte[] generationKey =
        RedisKeys.windowGeneration(tenant, conversation).getBytes(StandardCharsets.UTF_8);
    RedisConnections counted =
        RedisConnections.of(TestServers.redis().url(), Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withCommandExecutor(executor -> new Counting(executor, generationKey, commands));
    return TestServers.started(TestServers.redisSharedCache(counted, DATABASE));
  }

  private static WindowNearCache nearCache(WindowTier stores, RedisSharedCache shared) {
    return new WindowNearCache(
        new WindowRedisCache(stores, shared),
        NearCacheSettings.of(Duration.ofMinutes(5), 64L << 20),
        shared.coherence());
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static List<String> texts(Optional<ConversationWindow> window) {
    return window.orElseThrow().recentMessages().stream().map(Message::text).toList();
  }

  /** Counts the commands that name one key among their arguments. */
  private record Counting(CommandExecutor executor, byte[] key, AtomicInteger count)
      implements CommandExecutor {
    @Override
    public <T> T executeCommand(CommandObject<T> command) {
      for (Rawable argument : command.getArguments()) {
        if (java.util.Arrays.equals(argument.getRaw(), key)) {
          count.incrementAndGet();
          break;
        }
      }
      return executor.executeCommand(command);
    }

    @Override
    public void close() throws Exception {
      executor.close();
    }
  }

  /** The real tier, whose first window read is held up after it loaded until released. */
  private static final class PausingTier implements WindowTier {
    private final WindowTier tier;
    final CountDownLatch loaded = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private boolean paused;

    PausingTier(WindowTier tier) {
      this.tier = tier;
    }

    @Override
    public Read window(TenantId tenant, ConversationId conversation) {
      Read read = tier.window(tenant, conversation);
      synchronized (this) {
        if (paused) {
          return read;
        }
        paused = true;
      }
      loaded.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return read;
    }

    @Override
    public Appended append(TenantId tenant, NewMessage message, Stored held) {
      return tier.append(tenant, message, held);
    }

    @Override
    public Stored rebuilt(TenantId tenant, ConversationId conversation) {
      return tier.rebuilt(tenant, conversation);
    }

    @Override
    public void forget(TenantId tenant, List<ConversationId> conversations) {
      tier.forget(tenant, conversations);
    }

    @Override
    public Optional<HistorySlice> readSlice(
        TenantId tenant,
        ConversationId conversation,
        MessageFilter filter,
        HistoryPosition position,
        int limit) {
      return tier.readSlice(tenant, conversation, filter, position, limit);
    }

    @Override
    public Optional<ConversationWindow> recentWindow(
        TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
      return tier.recentWindow(tenant, conversation, filter, limit);
    }

    @Override
    public Optional<HistoryPage> readPage(
        TenantId tenant,
        ConversationId conversation,
        MessageFilter filter,
        int page,
        int pageSize,
        boolean oldestFirst) {
      return tier.readPage(tenant, conversation, filter, page, pageSize, oldestFirst);
    }

    @Override
    public java.util.List<Optional<io.parley.domain.model.AppendedMessage>> appendAll(
        TenantId tenant, java.util.List<NewMessage> messages) {
      return tier.appendAll(tenant, messages);
    }

    @Override
    public java.util.List<Optional<Message>> applyStatuses(
        TenantId tenant, java.util.List<StatusReport> reports, Instant now, Instant heldUntil) {
      return tier.applyStatuses(tenant, reports, now, heldUntil);
    }
  }
}
