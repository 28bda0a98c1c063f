package io.parley.adapters.testing;

import io.parley.adapters.cache.CatalogNearCache;
import io.parley.adapters.cache.ChangeLog;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.cache.WindowNearCache;
import io.parley.adapters.cache.WindowTier;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.CatalogRedisCache;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.adapters.redis.WindowRedisCache;
import io.parley.adapters.redis.WindowedConversations;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.ReferenceContextStore;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One Parley instance's cache tiers as the service stacks them (near-caches over Redis over
 * PostgreSQL, and the conversation windows), over its own Redis connections and coherence.
 */
public final class CacheInstance implements AutoCloseable {
  private static final NearCacheSettings L1 =
      NearCacheSettings.of(Duration.ofMinutes(5), 64L << 20);

  private final RedisSharedCache shared;
  private final ReferenceContextStore references;
  private final CatalogStore catalog;
  private final Windows windows;

  /** The conversation windows' ports, and the conversations whose writes move a window. */
  public record Windows(
      ConversationHistory history, MessageStore messages, ConversationStore conversations) {}

  public CacheInstance(String redisUrl, TestServers.TestDatabase database) {
    this(redisUrl, database, history -> history);
  }

  /** With the history PostgreSQL answers through {@code history} (to slow a read down). */
  public CacheInstance(
      String redisUrl,
      TestServers.TestDatabase database,
      UnaryOperator<ConversationHistory> history) {
    this(redisUrl, database, history, shared -> shared);
  }

  /**
   * With the history PostgreSQL answers through {@code history}, and the reference contexts' near
   * cache over {@code sharedContexts} of the shared tier (to slow a read down).
   */
  public CacheInstance(
      String redisUrl,
      TestServers.TestDatabase database,
      UnaryOperator<ConversationHistory> history,
      UnaryOperator<ReferenceContextStore> sharedContexts) {
    this(redisUrl, database, history, sharedContexts, changeLog -> changeLog);
  }

  /** With the change log its lease renewals read through {@code changeLog} (to hold one up). */
  public static CacheInstance withChangeLog(
      String redisUrl, TestServers.TestDatabase database, UnaryOperator<ChangeLog> changeLog) {
    return new CacheInstance(redisUrl, database, history -> history, shared -> shared, changeLog);
  }

  private CacheInstance(
      String redisUrl,
      TestServers.TestDatabase database,
      UnaryOperator<ConversationHistory> history,
      UnaryOperator<ReferenceContextStore> sharedContexts,
      UnaryOperator<ChangeLog> changeLog) {
    PostgresAdapters postgres = new PostgresAdapters(database.jdbi());
    shared =
        TestServers.redisSharedCache(
            RedisConnections.of(redisUrl, Duration.ofMillis(250), Duration.ofMillis(250)),
            database,
            changeLog);
    references =
        new ReferenceContextNearCache(
            sharedContexts.apply(
                new ReferenceContextRedisCache(postgres.referenceContexts(), shared)),
            L1,
            shared.coherence());
    catalog =
        shared.cached(
            postgres.versionedCatalog(), CatalogRedisCache::new, CatalogNearCache::new, L1);
    WindowNearCache windowed =
        shared.cached(
            WindowTier.uncached(history.apply(postgres.history()), postgres.messages()),
            WindowRedisCache::new,
            WindowNearCache::new,
            L1);
    windows =
        new Windows(
            windowed, windowed, new WindowedConversations(postgres.conversations(), windowed));
    TestServers.started(shared);
  }

  public CatalogStore catalog() {
    return catalog;
  }

  public ReferenceContextStore references() {
    return references;
  }

  public Windows windows() {
    return windows;
  }

  public RedisSharedCache shared() {
    return shared;
  }

  public Coherence coherence() {
    return shared.coherence();
  }

  @Override
  public void close() {
    shared.close();
  }
}
