package io.parley.application;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.ApiKeyNearCache;
import io.parley.adapters.cache.CatalogCache;
import io.parley.adapters.cache.NearCacheSettings;
import io.parley.adapters.cache.ReferenceContextNearCache;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.redis.Invalidation;
import io.parley.adapters.redis.InvalidationBus;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.redis.RedisGuard;
import io.parley.adapters.redis.ReferenceContextRedisCache;
import io.parley.application.api.AgentContextResource;
import io.parley.application.api.CatalogResource;
import io.parley.application.api.ConversationResource;
import io.parley.application.api.CursorCodec;
import io.parley.application.api.MessageResource;
import io.parley.application.api.ReferenceContextResource;
import io.parley.application.api.TenantResource;
import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.BodySizeLimitFilter;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.http.QueryCountFilter;
import io.parley.application.http.RequestMetricsFilter;
import io.parley.application.infra.AdminKeys;
import io.parley.application.infra.CacheEfficiencyHealthCheck;
import io.parley.application.infra.CacheMetrics;
import io.parley.application.infra.DropwizardAdapterMetrics;
import io.parley.application.infra.EmbeddedServers;
import io.parley.application.infra.OpenApiDocument;
import io.parley.application.infra.RedisHealthCheck;
import io.parley.application.infra.StatementCounter;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.service.AgentContextService;
import io.parley.domain.service.AuthenticationService;
import io.parley.domain.service.CatalogService;
import io.parley.domain.service.ConversationService;
import io.parley.domain.service.MessageService;
import io.parley.domain.service.ReferenceContextService;
import io.parley.domain.service.TenantService;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
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
  private final AdapterMetrics metrics;

  Wiring(ParleyConfiguration config, Environment environment) {
    this.config = config;
    this.environment = environment;
    this.metrics = new DropwizardAdapterMetrics(environment.metrics());
  }

  void wire() {
    EmbeddedServers embedded = EmbeddedServers.startAsConfigured(config);
    environment.lifecycle().manage(embedded);
    if (embedded.startedPostgres()) {
      PostgresSchema.migrate(
          config.getDatabase().getUrl(),
          config.getDatabase().getUser(),
          config.getDatabase().getPassword());
    }
    String adminKey = adminKey(embedded);
    PostgresAdapters postgres = new PostgresAdapters(jdbi());
    Redis redis = config.getRedis().isDisabled() ? null : redis();
    if (redis == null) {
      environment.healthChecks().register("redis", RedisHealthCheck.disabled());
    }

    Caches caches = caches(postgres, redis);

    TenantService tenants = new TenantService(postgres.tenants(), caches.apiKeys(), clock);
    ConversationService conversations = new ConversationService(postgres.conversations(), clock);
    MessageService messages = new MessageService(postgres.messages(), postgres.history(), clock);
    ReferenceContextService references =
        new ReferenceContextService(
            caches.contexts(),
            clock,
            javaTime(config.getReferenceContexts().getDefaultTtl()),
            javaTime(config.getReferenceContexts().getMaxTtl()));
    CatalogService catalogs = new CatalogService(caches.catalog(), clock);
    CursorCodec cursors = new CursorCodec(cursorSecret(adminKey));
    int maxPageSize = config.getApi().getMaxPageSize();

    registerHttpInfrastructure(new AuthenticationService(adminKey, caches.apiKeys()));
    environment.jersey().register(new TenantResource(tenants, tenants));
    environment
        .jersey()
        .register(
            new ConversationResource(
                conversations, conversations, conversations, conversations, cursors, maxPageSize));
    environment.jersey().register(new MessageResource(messages, messages, cursors, maxPageSize));
    environment.jersey().register(new ReferenceContextResource(references, references, references));
    environment.jersey().register(new CatalogResource(catalogs, catalogs, catalogs, cursors));
    environment
        .jersey()
        .register(
            new AgentContextResource(
                new AgentContextService(postgres.history(), references, catalogs)));
    warmUp(catalogs);
    registerOperations();
  }

  /** Prometheus text at admin /prometheus, the cache-efficiency check, /openapi.json. */
  private void registerOperations() {
    environment.jersey().register(OpenApiDocument.resource());
    CollectorRegistry prometheus = new CollectorRegistry();
    prometheus.register(new DropwizardExports(environment.metrics()));
    environment
        .admin()
        .addServlet("prometheus", new MetricsServlet(prometheus))
        .addMapping("/prometheus");
    environment
        .healthChecks()
        .register(
            "cache-efficiency",
            new CacheEfficiencyHealthCheck(
                environment.metrics(),
                config.getNearCache().getEfficiencyThreshold(),
                javaTime(config.getNearCache().getEfficiencyWindow()),
                config.getNearCache().getEfficiencyMinimumLookups(),
                clock));
  }

  /** Loads the busiest tenants' opening suggestions before traffic arrives (off by default). */
  private void warmUp(CatalogService catalogs) {
    int tenants = config.getCatalog().getWarmUpTenants();
    if (tenants > 0) {
      environment
          .lifecycle()
          .manage(
              new io.dropwizard.lifecycle.Managed() {
                @Override
                public void start() {
                  int warmed = catalogs.warmUp(tenants, 5);
                  org.slf4j.LoggerFactory.getLogger(Wiring.class)
                      .info("Warmed the suggestions of {} tenants", warmed);
                }
              });
    }
  }

  /** The near-caches (L1) in front of the stores that have one. */
  private record Caches(
      ApiKeyNearCache apiKeys, ReferenceContextNearCache contexts, CatalogCache catalog) {}

  private Caches caches(PostgresAdapters postgres, Redis redis) {
    ApiKeyNearCache apiKeys =
        new ApiKeyNearCache(
            postgres.apiKeys(), nearCache(), (tenant, hash) -> publishRevoked(redis, tenant, hash));
    ReferenceContextNearCache contexts =
        new ReferenceContextNearCache(sharedContexts(postgres, redis), nearCache());
    CatalogCache catalog =
        new CatalogCache(
            postgres.catalog(),
            nearCache(),
            redis == null ? null : redis.guard(),
            redis == null ? null : redis.bus(),
            javaTime(config.getRedis().getMaxEntryTtl()),
            metrics);
    Caches caches = new Caches(apiKeys, contexts, catalog);
    if (redis != null) {
      listenForInvalidations(redis, caches);
    }
    return caches;
  }

  /** The pieces of Redis: the guarded command client and the invalidation bus. */
  private record Redis(RedisGuard guard, InvalidationBus bus) {}

  private Jdbi jdbi() {
    Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "postgres");
    SqlStatements statements = jdbi.getConfig(SqlStatements.class);
    statements.setSqlLogger(new StatementCounter(statements.getSqlLogger()));
    return jdbi;
  }

  private Redis redis() {
    RedisConnections connections =
        RedisConnections.of(
            config.getRedis().getUrl(),
            javaTime(config.getRedis().getConnectTimeout()),
            javaTime(config.getRedis().getSocketTimeout()));
    RedisClient client = connections.pool(config.getRedis().getMaxConnections());
    environment.lifecycle().manage(new AutoCloseableManager(client));
    environment.healthChecks().register("redis", new RedisHealthCheck(client));
    RedisGuard guard =
        new RedisGuard(client, javaTime(config.getRedis().getCircuitOpenFor()), metrics);
    InvalidationBus bus = new InvalidationBus(connections, guard, metrics);
    environment.lifecycle().manage(new AutoCloseableManager(bus));
    return new Redis(guard, bus);
  }

  /** PostgreSQL, behind Redis when there is one. */
  private ReferenceContextStore sharedContexts(PostgresAdapters postgres, Redis redis) {
    if (redis == null) {
      return postgres.referenceContexts();
    }
    return new ReferenceContextRedisCache(
        postgres.referenceContexts(),
        redis.guard(),
        redis.bus(),
        clock,
        javaTime(config.getRedis().getMaxEntryTtl()),
        metrics);
  }

  /**
   * Drops L1 entries other instances changed, and all of L1 whenever messages may have been missed:
   * when the subscription reconnects and when the Redis circuit closes again.
   */
  private void listenForInvalidations(Redis redis, Caches caches) {
    redis
        .bus()
        .onInvalidation(
            invalidation -> {
              TenantId tenant = TenantId.of(invalidation.tenant());
              switch (invalidation.kind()) {
                case Invalidation.REFERENCE_CONTEXT ->
                    caches
                        .contexts()
                        .evict(
                            tenant,
                            ConversationId.of(invalidation.subject()),
                            invalidation.version());
                case Invalidation.API_KEY ->
                    caches.apiKeys().invalidate(tenant, new KeyHash(invalidation.subject()));
                case Invalidation.CATALOG -> caches.catalog().learn(tenant, invalidation.version());
                default -> metrics.increment("invalidations.unknown");
              }
            });
    Runnable clearAll =
        () -> {
          caches.contexts().clear();
          caches.apiKeys().invalidateAll();
          caches.catalog().clear();
          metrics.increment("cache.l1.cleared");
        };
    redis.bus().onReconnect(clearAll);
    redis.guard().onRecovery(clearAll);
    redis.bus().start();
  }

  private void publishRevoked(Redis redis, TenantId tenant, KeyHash hash) {
    if (redis != null) {
      redis.bus().publish(Invalidation.API_KEY, tenant.toString(), hash.hex(), 0);
    }
  }

  private NearCacheSettings nearCache() {
    return new NearCacheSettings(
        config.getNearCache().ttlAsJavaTime(),
        config.getNearCache().getMaxEntries(),
        Ticker.systemTicker(),
        name -> new CacheMetrics(environment.metrics(), "cache." + name + ".l1"));
  }

  private void registerHttpInfrastructure(AuthenticationService authentication) {
    environment.jersey().register(new QueryCountFilter());
    environment
        .jersey()
        .register(
            new RequestMetricsFilter(
                environment.metrics(), javaTime(config.getApi().getSlowRequestThreshold())));
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
