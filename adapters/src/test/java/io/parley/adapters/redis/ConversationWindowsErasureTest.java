package io.parley.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.WindowNearCache;
import io.parley.adapters.cache.WindowTier;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A window first built when the conversation had no generation yet (no write since Redis started)
 * and held in this instance's near-cache is not served once the conversation is erased: erasure
 * deletes the generation and the window, and drops the window held here.
 */
class ConversationWindowsErasureTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final RedisSharedCache REDIS =
      TestServers.started(TestServers.redisSharedCache(DATABASE));

  @AfterAll
  static void close() {
    REDIS.close();
  }

  @Test
  void aWindowHeldFromBeforeAnyWriteIsNotServedAfterAnErasure() throws Exception {
    TestServers.TestDatabase database = DATABASE;
    PostgresAdapters postgres = new PostgresAdapters(database.jdbi());
    Stores stores = TestServers.stores(postgres);
    TenantId tenant = stores.newTenant();
    // Written past the windows, so the conversation has no generation in Redis.
    ConversationId conversation = stores.newConversation(tenant, "+254788000001");
    stores
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "hi"));
    WindowNearCache windows =
        REDIS.cached(
            WindowTier.uncached(postgres.history(), postgres.messages()),
            WindowRedisCache::new,
            WindowNearCache::new,
            NearCacheSettings.of(Duration.ofMinutes(5), 64L << 20));

    // The first read builds and stores the window; the second holds it in the near-cache.
    assertThat(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)).isPresent();
    assertThat(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)).isPresent();

    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM messages WHERE conversation_id = '" + conversation + "'");
      statement.execute("DELETE FROM conversations WHERE id = '" + conversation + "'");
    }
    windows.forget(tenant, List.of(conversation));

    assertThat(windows.recentWindow(tenant, conversation, MessageFilter.DEFAULT, 10)).isEmpty();
  }
}
