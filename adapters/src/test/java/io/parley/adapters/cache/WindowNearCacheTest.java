package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.WindowRedisCache;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The windows' near-cache over their Redis tier on real Redis and PostgreSQL: what it holds after a
 * read that raced a write of the same conversation on this instance.
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

  private static List<String> texts(Optional<ConversationWindow> window) {
    return window.orElseThrow().recentMessages().stream().map(Message::text).toList();
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
