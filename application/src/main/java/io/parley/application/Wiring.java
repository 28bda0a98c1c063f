package io.parley.application;

import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.NearCaches;
import io.parley.adapters.cache.SharedCache;
import io.parley.adapters.cache.TenantCachePurge;
import io.parley.adapters.json.ReferenceContextJson;
import io.parley.adapters.limit.LocalRequestLimiter;
import io.parley.adapters.postgres.ApiKeyUsageBuffer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.api.AgentContextResource;
import io.parley.application.api.ApiKeyResource;
import io.parley.application.api.CatalogResource;
import io.parley.application.api.ConversationResource;
import io.parley.application.api.CursorCodec;
import io.parley.application.api.CustomerResource;
import io.parley.application.api.DeliveryStatusResource;
import io.parley.application.api.ErasureResource;
import io.parley.application.api.MessageBatchResource;
import io.parley.application.api.MessageResource;
import io.parley.application.api.PingResource;
import io.parley.application.api.ReferenceContextResource;
import io.parley.application.api.RenderedJson;
import io.parley.application.api.TenantResource;
import io.parley.application.api.WebhookResource;
import io.parley.application.config.ParleyServerFactory;
import io.parley.application.config.RetentionFactory;
import io.parley.application.http.AdminAuthenticationFilter;
import io.parley.application.http.AuthenticationFilter;
import io.parley.application.http.BodySizeLimitFilter;
import io.parley.application.http.ClientAddresses;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.FailedAuthenticationThrottle;
import io.parley.application.http.JsonErrorHandler;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.http.QueryCountFilter;
import io.parley.application.http.RequestMetricsFilter;
import io.parley.application.http.TenantRateLimitFilter;
import io.parley.application.http.TracingFilter;
import io.parley.application.infra.AdminKeys;
import io.parley.application.infra.CacheEfficiencyHealthCheck;
import io.parley.application.infra.DropwizardAdapterMetrics;
import io.parley.application.infra.Durations;
import io.parley.application.infra.EmbeddedServers;
import io.parley.application.infra.OpenApiDocument;
import io.parley.application.infra.PrometheusExport;
import io.parley.application.infra.ReadTargets;
import io.parley.application.infra.RetentionWorker;
import io.parley.application.infra.SafeLogLevelTask;
import io.parley.application.infra.SafeLoggingExceptionMapper;
import io.parley.application.infra.Tracing;
import io.parley.domain.model.KeyHash;
import io.parley.domain.port.in.LimitTenantUseCase;
import io.parley.domain.port.out.RequestLimiter;
import io.parley.domain.service.AgentContextService;
import io.parley.domain.service.AuthenticationService;
import io.parley.domain.service.CatalogService;
import io.parley.domain.service.ConversationService;
import io.parley.domain.service.ErasureService;
import io.parley.domain.service.MessageService;
import io.parley.domain.service.ReferenceContextService;
import io.parley.domain.service.RetentionService;
import io.parley.domain.service.TenantRemovalService;
import io.parley.domain.service.TenantService;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;

/** The composition root: the one place that builds adapters and hands them to use cases. */
final class Wiring {
  private final ParleyConfiguration config;
  private final Environment environment;
  private final Clock clock = Clock.systemUTC();
  private final AdapterMetrics metrics;
  private final Tracing tracing;

  Wiring(ParleyConfiguration config, Environment environment, Tracing tracing) {
    this.config = config;
    this.environment = environment;
    this.metrics = new DropwizardAdapterMetrics(environment.metrics());
    this.tracing = tracing;
  }

  void wire() {
    EmbeddedServers embedded = startEmbeddedServers();
    String adminKey = adminKey(embedded);
    environment.lifecycle().manage(new AutoCloseableManager(tracing));
    if (!config.getWebhooks().isOutbox()) {
      // Writes log no events (the outbox triggers read this setting): only to measure their cost.
      config.getDatabase().getProperties().put("options", "-c parley.outbox=off");
    }
    PostgresAdapters postgres = config.getDatabase().build(environment, tracing);
    config.getDatabase().monitorIndexUsage(environment, postgres, clock);
    SharedCache shared =
        config
            .getRedis()
            .build(
                environment,
                metrics,
                clock,
                tracing,
                postgres.changeLog(),
                catalogKeySecret(adminKey));
    config
        .getDatabase()
        .useReplicas(
            environment,
            postgres,
            shared.writePositions(Durations.of(config.getDatabase().getMaxReplicaLag())),
            metrics,
            tracing);
    NearCaches caches = config.getNearCache().build(environment, shared, postgres);

    TenantService tenants =
        new TenantService(
            postgres.tenants(), caches.apiKeys(), clock, config.getKeys().getMaxPerTenant());
    SharedCache.Windowed windows =
        shared.windows(
            postgres.history(), postgres.messages(), postgres.conversations(), ReadTargets::record);
    shared.start(); // every cache has registered what it does with another instance's change
    ConversationService conversations = new ConversationService(windows.conversations(), clock);
    MessageService messages =
        new MessageService(
            windows.messages(),
            windows.history(),
            clock,
            Durations.of(config.getStatuses().getPendingTtl()),
            config.getMessages().getMaxPayloadBytes());
    ReferenceContextService references =
        new ReferenceContextService(
            caches.referenceContexts(),
            ReferenceContextJson::itemDetails,
            clock,
            Durations.of(config.getReferenceContexts().getDefaultTtl()),
            Durations.of(config.getReferenceContexts().getMaxTtl()),
            Durations.of(config.getRetention().getReferenceContextGrace()));
    CatalogService catalogs = new CatalogService(caches.catalog(), clock);
    AgentContextService agentContexts =
        new AgentContextService(windows.history(), references, catalogs, clock);

    registerHttpInfrastructure(
        new AuthenticationService(adminKey, caches.apiKeys(), keyUsage(postgres), clock),
        shared.requestLimiter(new LocalRequestLimiter(Ticker.systemTicker())),
        tenants);
    CursorCodec cursors = new CursorCodec(cursorSecret(adminKey));
    int maxPageSize = config.getApi().getMaxPageSize();
    TenantRemovalService removals =
        new TenantRemovalService(
            postgres.tenantRemovals(),
            postgres.erasures(),
            caches.apiKeys(),
            new TenantCachePurge(shared),
            environment.lifecycle().executorService("parley-tenant-removal").maxThreads(1).build(),
            clock,
            config.getLifecycle().getErasureBatchSize());
    resumeRemovals(removals);
    register(new TenantResource(tenants, tenants, tenants, removals));
    register(new ApiKeyResource(tenants));
    register(
        new ConversationResource(
            conversations, conversations, conversations, conversations, cursors, maxPageSize));
    ErasureService erasures =
        new ErasureService(
            postgres.erasures(),
            caches.referenceContexts(),
            clock,
            config.getLifecycle().getErasureBatchSize());
    register(new CustomerResource(conversations, erasures, cursors, maxPageSize));
    register(new ErasureResource(erasures, removals));
    register(
        new WebhookResource(
            config.getWebhooks().build(environment, postgres, metrics, clock),
            cursors,
            maxPageSize));
    runRetention(postgres, windows.messages(), caches);
    register(new MessageResource(messages, messages, cursors, maxPageSize));
    register(new MessageBatchResource(messages));
    register(new DeliveryStatusResource(messages, environment.metrics()));
    register(new ReferenceContextResource(references, references, references));
    register(new CatalogResource(catalogs, catalogs, catalogs, cursors));
    register(new AgentContextResource(agentContexts));
    warmUp(catalogs);
    registerOperations();
    lockAdminPort(adminKey);
  }

  /** The admin port answers the admin key only; the log-level task cannot expose data. */
  private void lockAdminPort(String adminKey) {
    environment
        .admin()
        .addFilter(
            "admin-authentication",
            new AdminAuthenticationFilter(adminKey, config.getApi().getMetricsToken()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment.admin().addTask(new SafeLogLevelTask()); // replaces Dropwizard's log-level
  }

  /** Keys' last-used times: noted in memory per request, written in the background. */
  private ApiKeyUsageBuffer keyUsage(PostgresAdapters postgres) {
    ApiKeyUsageBuffer usage = postgres.apiKeyUsage();
    long every = config.getKeys().getUsageFlushInterval().toMilliseconds();
    environment
        .lifecycle()
        .scheduledExecutorService("parley-key-usage", true)
        .build()
        .scheduleWithFixedDelay(
            () -> {
              try {
                usage.flush();
              } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Wiring.class)
                    .warn(
                        "Could not write API keys' last use: {}",
                        io.parley.adapters.LogSafe.describe(e));
              }
            },
            every,
            every,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    return usage;
  }

  /** Tenant removals left running (a restart, an outage) continue: at start, then each minute. */
  private void resumeRemovals(TenantRemovalService removals) {
    environment
        .lifecycle()
        .scheduledExecutorService("parley-tenant-removal-resume", true)
        .build()
        .scheduleWithFixedDelay(
            () -> {
              try {
                removals.resumeRunning();
              } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Wiring.class)
                    .warn(
                        "Could not resume tenant removals: {}",
                        io.parley.adapters.LogSafe.describe(e));
              }
            },
            5,
            60,
            java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The retention pass: on a timer, as an admin task, with metrics and a health check. */
  private void runRetention(
      PostgresAdapters postgres,
      io.parley.domain.port.out.MessageStore messages,
      NearCaches caches) {
    RetentionFactory settings = config.getRetention();
    RetentionService retention =
        new RetentionService(
            postgres.retention(),
            messages,
            caches.referenceContexts(),
            clock,
            Durations.of(settings.getReferenceContextGrace()),
            settings.getBatchSize(),
            "parley-" + java.util.UUID.randomUUID(),
            Durations.of(settings.getLeaseTtl()));
    RetentionWorker worker =
        new RetentionWorker(
            retention, environment.metrics(), clock, Durations.of(settings.getInterval()));
    worker.schedule(
        environment.lifecycle().scheduledExecutorService("parley-retention", true).build());
    environment.admin().addTask(worker.task());
    environment.healthChecks().register("retention", worker.healthCheck());
  }

  private void register(Object component) {
    environment.jersey().register(component);
  }

  /** Starts the embedded servers the configuration asks for, and migrates an embedded database. */
  private EmbeddedServers startEmbeddedServers() {
    EmbeddedServers embedded = EmbeddedServers.startAsConfigured(config);
    environment.lifecycle().manage(embedded);
    if (embedded.startedPostgres()) {
      PostgresSchema.migrate(
          config.getDatabase().getUrl(),
          config.getDatabase().getUser(),
          config.getDatabase().getPassword());
    }
    return embedded;
  }

  /** Prometheus text at admin /prometheus, the cache-efficiency check, /openapi.json, /ping. */
  private void registerOperations() {
    environment.jersey().register(OpenApiDocument.resource());
    environment.jersey().register(new PingResource());
    CollectorRegistry prometheus = new CollectorRegistry();
    prometheus.register(new PrometheusExport(environment.metrics()));
    DefaultExports.register(prometheus);
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
                Durations.of(config.getNearCache().getEfficiencyWindow()),
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

  private void registerHttpInfrastructure(
      AuthenticationService authentication, RequestLimiter limiter, LimitTenantUseCase limits) {
    environment
        .servlets()
        .addFilter(
            "tracing",
            new TracingFilter(
                tracing.tracer(), tracing.openTelemetry().getPropagators().getTextMapPropagator()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment.jersey().register(new TracingFilter.RouteTemplates());
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
    environment.jersey().register(new QueryCountFilter());
    environment
        .jersey()
        .register(
            new RequestMetricsFilter(
                environment.metrics(), Durations.of(config.getApi().getSlowRequestThreshold())));
    environment
        .jersey()
        .register(new BodySizeLimitFilter(config.getApi().getMaxBodySize().toBytes()));
    RenderedJson.bound(config.getApi().getMaxRenderedJsonBytes().toBytes());
    environment
        .jersey()
        .register(
            new AuthenticationFilter(
                authentication,
                new FailedAuthenticationThrottle(
                    limiter, config.getApi().getFailedAuthenticationsPerMinute()),
                new ClientAddresses(
                    config.getServerFactory() instanceof ParleyServerFactory server
                        ? server.trustedProxyList()
                        : java.util.List.of())));
    environment
        .jersey()
        .register(
            new TenantRateLimitFilter(
                limiter,
                config.getApi().getTenantRequestsPerSecond(),
                limits,
                environment
                    .lifecycle()
                    .executorService("parley-tenant-limits")
                    .maxThreads(1)
                    .build()));
    environment.jersey().register(new JsonProcessingExceptionMapper());
    environment.jersey().register(new SafeLoggingExceptionMapper());
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

  /** Keys catalog cache entries: derived from the admin key, which every instance shares. */
  private static byte[] catalogKeySecret(String adminKey) {
    return KeyHash.of("catalog-cache-keys:" + adminKey)
        .hex()
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private String cursorSecret(String adminKey) {
    String configured = config.getApi().getCursorSecret();
    return configured.isEmpty() ? "cursor:" + KeyHash.of(adminKey).hex() : configured;
  }
}
