package io.parley.adapters.testing;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisSharedCache;
import io.parley.domain.contract.Stores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.jdbi.v3.core.Jdbi;

/**
 * One embedded PostgreSQL and one embedded Redis per test JVM. Each test class takes a fresh
 * database cloned from a migrated template, so classes never see each other's rows.
 */
public final class TestServers {
  private static final String TEMPLATE = "parley_template";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedRedisServer redis;
  private static RedisCluster redisCluster;

  private TestServers() {}

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.startThrowaway();
      execute("CREATE DATABASE " + TEMPLATE);
      PostgresSchema.migrate(postgres.dataSource(TEMPLATE));
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
    }
    return postgres;
  }

  /** The shared Redis; tests that stop it must restart it before they finish. */
  public static synchronized EmbeddedRedisServer redis() {
    if (redis == null) {
      redis = EmbeddedRedisServer.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
    }
    return redis;
  }

  /** The shared 3-master Redis Cluster (no replicas); tests that break it start their own. */
  public static synchronized RedisCluster redisCluster() {
    if (redisCluster == null) {
      redisCluster = RedisCluster.start(3, 0);
    }
    return redisCluster;
  }

  /** A lease term short enough for tests that wait one out, long enough for a loaded machine. */
  public static final Duration LEASE_TERM = Duration.ofSeconds(1);

  /**
   * Parley's shared tier over the shared Redis, as the service builds it, with the change log of
   * {@code database}; {@link #started} it once its caches are built, and close it after.
   */
  public static RedisSharedCache redisSharedCache(TestDatabase database) {
    return redisSharedCache(
        RedisConnections.of(redis().url(), Duration.ofMillis(250), Duration.ofMillis(250)),
        database);
  }

  /** The same over other connections (a proxy's, a cluster's). */
  public static RedisSharedCache redisSharedCache(
      RedisConnections connections, TestDatabase database) {
    return redisSharedCache(connections, database, changeLog -> changeLog);
  }

  /** The same, with the change log read through {@code changeLog} (to hold a renewal up). */
  public static RedisSharedCache redisSharedCache(
      RedisConnections connections,
      TestDatabase database,
      java.util.function.UnaryOperator<io.parley.adapters.cache.ChangeLog> changeLog) {
    return new RedisSharedCache(
        connections,
        8,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        new RedisSharedCache.Settings(LEASE_TERM, 512 << 10),
        changeLog.apply(new PostgresAdapters(database.jdbi()).changeLog()),
        Clock.systemUTC(),
        AdapterMetrics.none(),
        "test-catalog-key-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Starts the shared tier's coherence and waits until it holds its first lease. */
  public static RedisSharedCache started(RedisSharedCache shared) {
    shared.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shared.coherence().trusted() && membersSettled(shared));
    return shared;
  }

  /**
   * Whether the members' hash is a lease term old: before that, writes take the logged path (a
   * lease the hash does not list may still run), which tests of the normal path do not expect.
   */
  private static boolean membersSettled(RedisSharedCache shared) {
    Object age =
        shared
            .guard()
            .call(
                redis ->
                    redis.eval(
                        """
                        local since = redis.call('HGET', KEYS[1], '~since')
                        if not since then return -1 end
                        local t = redis.call('TIME')
                        return t[1] * 1000 + math.floor(t[2] / 1000) - tonumber(since)""",
                        List.of("parley:members"),
                        List.of()))
            .value();
    return age instanceof Long millis && millis >= LEASE_TERM.toMillis();
  }

  /** A new, migrated, empty database. */
  public static TestDatabase newDatabase() {
    EmbeddedPostgresServer server = postgres();
    String name = "parley_test_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return new TestDatabase(name, server.jdbcUrl(name), pooled(server.dataSource(name)));
  }

  /**
   * Connections kept for reuse, as the service keeps them (a new backend per statement cost the
   * race tests most of their time); checked before each use, since some tests kill backends, and
   * closed after a second or two idle, so the pools of finished test classes hold no backends.
   */
  private static DataSource pooled(DataSource unpooled) {
    PoolProperties pool = new PoolProperties();
    pool.setDataSource(unpooled);
    pool.setMaxActive(32);
    pool.setMaxIdle(8);
    pool.setMinIdle(0);
    pool.setInitialSize(0);
    pool.setTestOnBorrow(true);
    pool.setValidationQuery("SELECT 1");
    pool.setValidationInterval(0);
    pool.setTimeBetweenEvictionRunsMillis(1000);
    pool.setMinEvictableIdleTimeMillis(1000);
    pool.setDefaultAutoCommit(true);
    pool.setRollbackOnReturn(true);
    return new org.apache.tomcat.jdbc.pool.DataSource(pool);
  }

  /** The contract tests' row builders over the PostgreSQL adapters. */
  public static Stores stores(PostgresAdapters adapters) {
    return new Stores(
        adapters.tenants(),
        adapters.apiKeys(),
        adapters.conversations(),
        adapters.messages(),
        adapters.history());
  }

  private static void execute(String sql) {
    try (Connection connection = postgres.dataSource("postgres").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** A database of the embedded server. */
  public record TestDatabase(String name, String jdbcUrl, DataSource dataSource) {
    public Jdbi jdbi() {
      return Jdbi.create(dataSource);
    }
  }
}
