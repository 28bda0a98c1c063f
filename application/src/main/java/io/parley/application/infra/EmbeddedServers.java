package io.parley.application.infra;

import io.dropwizard.lifecycle.Managed;
import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.embedded.EmbeddedRedisServer;
import io.parley.application.ParleyConfiguration;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL and Redis where the configuration says {@code embedded}, and
 * points the configuration at them. Used by the server and by the {@code db} commands alike.
 */
public final class EmbeddedServers implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

  private final EmbeddedPostgresServer postgres;
  private final EmbeddedRedisServer redis;

  private EmbeddedServers(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis) {
    this.postgres = postgres;
    this.redis = redis;
  }

  /** Starts what the configuration asks for (possibly nothing) and rewrites its URLs. */
  public static EmbeddedServers startAsConfigured(ParleyConfiguration config) {
    EmbeddedPostgresServer postgres = startPostgresAsConfigured(config);
    EmbeddedRedisServer redis = null;
    if (config.getRedis().isEmbedded()) {
      // A new random password each start: nothing else on the host can read or poison the cache.
      redis = EmbeddedRedisServer.start(config.getEmbedded().getRedisPort(), randomPassword());
      config.getRedis().setUrl(redis.url());
      LOG.warn(
          "Embedded Redis on port {} (with a generated password): for development only; set"
              + " REDIS_URL for production",
          redis.port());
    }
    return new EmbeddedServers(postgres, redis);
  }

  /**
   * Starts the embedded PostgreSQL if the database URL says {@code embedded} and points the
   * configuration at it (null otherwise); a postgres:// DATABASE_URL is turned into JDBC form.
   */
  public static EmbeddedPostgresServer startPostgresAsConfigured(ParleyConfiguration config) {
    if (!config.usesEmbeddedPostgres()) {
      DatabaseUrls.normalize(config.getDatabase());
      return null;
    }
    Path directory = Path.of(config.getEmbedded().getDirectory(), "postgres").toAbsolutePath();
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.startWithPassword(directory, config.getEmbedded().getPostgresPort());
    config.getDatabase().setUrl(postgres.jdbcUrl("postgres"));
    config.getDatabase().setUser("postgres");
    config.getDatabase().setPassword(postgres.password());
    LOG.warn(
        "Embedded PostgreSQL on port {} with data in {}: for development only (loopback, a"
            + " generated password kept beside it); set DATABASE_URL for production",
        postgres.port(),
        directory);
    return postgres;
  }

  private static String randomPassword() {
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    return java.util.HexFormat.of().formatHex(random);
  }

  public boolean startedPostgres() {
    return postgres != null;
  }

  @Override
  public void start() {
    // Started eagerly in startAsConfigured: the database URL must be known before Jdbi is built.
  }

  @Override
  public void stop() {
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}
