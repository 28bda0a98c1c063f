package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.parley.adapters.cache.ApiKeyNearCache;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.redis.RedisConnections;
import io.parley.application.api.ConversationResource;
import io.parley.application.api.CursorCodec;
import io.parley.application.api.MessageResource;
import io.parley.application.api.TenantResource;
import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.BodySizeLimitFilter;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.http.QueryCountFilter;
import io.parley.application.infra.AdminKeys;
import io.parley.application.infra.CacheMetrics;
import io.parley.application.infra.EmbeddedServers;
import io.parley.application.infra.RedisHealthCheck;
import io.parley.application.infra.StatementCounter;
import io.parley.domain.model.KeyHash;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.service.AuthenticationService;
import io.parley.domain.service.ConversationService;
import io.parley.domain.service.MessageService;
import io.parley.domain.service.TenantService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import redis.clients.jedis.RedisClient;

/** The composition root: the one place that builds adapters and hands them to use cases. */
final class Wiring {
  private final ParleyConfiguration config;
  private final Environment environment;
  private final Clock clock = Clock.systemUTC();

  Wiring(ParleyConfiguration config, Environment environment) {
    this.config = config;
    this.environment = environment;
  }

  void wire() {
    EmbeddedServers embedded = EmbeddedServers.startAsConfigured(config);
    environment.lifecycle().manage(embedded);
    Jdbi jdbi = jdbi();
    if (embedded.startedPostgres()) {
      PostgresSchema.migrate(
          config.getDatabase().getUrl(),
          config.getDatabase().getUser(),
          config.getDatabase().getPassword());
    }
    String adminKey = adminKey(embedded);
    redis();
    PostgresAdapters postgres = new PostgresAdapters(jdbi);
    ApiKeyStore apiKeys = new ApiKeyNearCache(postgres.apiKeys(), nearCache());
    TenantService tenants = new TenantService(postgres.tenants(), apiKeys, clock);
    ConversationService conversations = new ConversationService(postgres.conversations(), clock);
    MessageService messages = new MessageService(postgres.messages(), postgres.history(), clock);
    CursorCodec cursors = new CursorCodec(cursorSecret(adminKey));
    int maxPageSize = config.getApi().getMaxPageSize();

    registerHttpInfrastructure(new AuthenticationService(adminKey, apiKeys));
    environment.jersey().register(new TenantResource(tenants, tenants));
    environment
        .jersey()
        .register(
            new ConversationResource(
                conversations, conversations, conversations, conversations, cursors, maxPageSize));
    environment.jersey().register(new MessageResource(messages, messages, cursors, maxPageSize));
  }

  private Jdbi jdbi() {
    Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "postgres");
    SqlStatements statements = jdbi.getConfig(SqlStatements.class);
    statements.setSqlLogger(new StatementCounter(statements.getSqlLogger()));
    return jdbi;
  }

  private void redis() {
    if (config.getRedis().isDisabled()) {
      return;
    }
    RedisClient redis =
        RedisConnections.connect(
            config.getRedis().getUrl(),
            javaTime(config.getRedis().getConnectTimeout()),
            javaTime(config.getRedis().getSocketTimeout()),
            config.getRedis().getMaxConnections());
    environment.lifecycle().manage(new io.dropwizard.lifecycle.AutoCloseableManager(redis));
    environment.healthChecks().register("redis", new RedisHealthCheck(redis));
  }

  private NearCacheSettings nearCache() {
    return new NearCacheSettings(
        config.getNearCache().ttlAsJavaTime(),
        config.getNearCache().getMaxEntries(),
        com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
        name -> new CacheMetrics(environment.metrics(), "cache." + name + ".l1"));
  }

  private void registerHttpInfrastructure(AuthenticationService authentication) {
    environment.jersey().register(new QueryCountFilter());
    environment
        .jersey()
        .register(new BodySizeLimitFilter(config.getApi().getMaxBodySize().toBytes()));
    environment.jersey().register(new AuthenticationFilter(authentication));
    environment.jersey().register(new JsonProcessingExceptionMapper());
    environment.jersey().register(new DomainExceptionMappers.NotFoundExceptionMapper());
    environment.jersey().register(new DomainExceptionMappers.InvalidInputExceptionMapper());
    environment.jersey().register(new DomainExceptionMappers.ConflictExceptionMapper());
    environment.jersey().register(new DomainExceptionMappers.StoreUnavailableExceptionMapper());
  }

  private String adminKey(EmbeddedServers embedded) {
    Path keptIn =
        embedded.startedPostgres()
            ? Path.of(config.getEmbedded().getDirectory(), "admin-key")
            : null;
    return AdminKeys.resolve(config.getApi().getAdminKey(), keptIn);
  }

  private String cursorSecret(String adminKey) {
    String configured = config.getApi().getCursorSecret();
    return configured.isEmpty() ? "cursor:" + KeyHash.of(adminKey).hex() : configured;
  }

  private static Duration javaTime(io.dropwizard.util.Duration duration) {
    return Duration.ofNanos(duration.toNanoseconds());
  }
}
