package io.parley.adapters.testing;

import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.NearCaches;
import io.parley.adapters.cache.SharedCache;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.domain.port.out.ConversationHistory;
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
  private final NearCaches near;
  private final SharedCache.Windowed windowed;

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
    PostgresAdapters postgres = new PostgresAdapters(database.jdbi());
    shared =
        TestServers.redisSharedCache(
            RedisConnections.of(redisUrl, Duration.ofMillis(250), Duration.ofMillis(250)),
            database);
    near =
        new NearCaches(
            shared.apiKeys(postgres.apiKeys()),
            sharedContexts.apply(shared.referenceContexts(postgres.referenceContexts())),
            shared.catalog(postgres.versionedCatalog()),
            L1,
            shared.coherence());
    windowed =
        shared.windows(
            history.apply(postgres.history()),
            postgres.messages(),
            postgres.conversations(),
            target -> {});
    TestServers.started(shared);
  }

  public NearCaches near() {
    return near;
  }

  public ReferenceContextStore references() {
    return near.referenceContexts();
  }

  public SharedCache.Windowed windows() {
    return windowed;
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
