package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.json.ReferenceContextJson;
import io.parley.application.config.RetentionFactory;
import io.parley.application.infra.Durations;
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
import io.parley.domain.service.WebhookService;
import java.time.Clock;
import java.util.UUID;

/** The domain's services over the stores, each built once, as the configuration sets them. */
record Services(
    AuthenticationService authentication,
    TenantService tenants,
    TenantRemovalService removals,
    ConversationService conversations,
    MessageService messages,
    ReferenceContextService references,
    CatalogService catalogs,
    AgentContextService agentContexts,
    ErasureService erasures,
    RetentionService retention,
    WebhookService webhooks) {

  static Services build(
      ParleyConfiguration config,
      Environment environment,
      Storage storage,
      AdapterMetrics metrics,
      Clock clock,
      String adminKey) {
    int batchSize = config.getLifecycle().getErasureBatchSize();
    ReferenceContextService references = references(config, storage, clock);
    CatalogService catalogs = new CatalogService(storage.caches().catalog(), clock);
    return new Services(
        new AuthenticationService(adminKey, storage.caches().apiKeys(), storage.keyUsage(), clock),
        new TenantService(
            storage.postgres().tenants(),
            storage.caches().apiKeys(),
            clock,
            config.getKeys().getMaxPerTenant()),
        new TenantRemovalService(
            storage.postgres().tenantRemovals(),
            storage.postgres().erasures(),
            storage.caches().apiKeys(),
            storage.tenantCaches(),
            environment.lifecycle().executorService("parley-tenant-removal").maxThreads(1).build(),
            clock,
            batchSize),
        new ConversationService(storage.caches().conversations(), clock),
        messages(config, storage, clock),
        references,
        catalogs,
        new AgentContextService(storage.caches().history(), references, catalogs, clock),
        new ErasureService(
            storage.postgres().erasures(),
            storage.caches().referenceContexts(),
            storage.caches().messages(),
            clock,
            batchSize),
        retention(config, storage, clock),
        config.getWebhooks().build(environment, storage.postgres(), metrics, clock));
  }

  private static MessageService messages(ParleyConfiguration config, Storage storage, Clock clock) {
    return new MessageService(
        storage.caches().messages(),
        storage.caches().history(),
        clock,
        Durations.of(config.getStatuses().getPendingTtl()),
        config.getMessages().getMaxPayloadBytes());
  }

  private static ReferenceContextService references(
      ParleyConfiguration config, Storage storage, Clock clock) {
    return new ReferenceContextService(
        storage.caches().referenceContexts(),
        ReferenceContextJson::itemDetails,
        clock,
        Durations.of(config.getReferenceContexts().getDefaultTtl()),
        Durations.of(config.getReferenceContexts().getMaxTtl()),
        Durations.of(config.getRetention().getReferenceContextGrace()));
  }

  private static RetentionService retention(
      ParleyConfiguration config, Storage storage, Clock clock) {
    RetentionFactory settings = config.getRetention();
    return new RetentionService(
        storage.postgres().retention(),
        storage.caches().messages(),
        storage.caches().referenceContexts(),
        clock,
        Durations.of(settings.getReferenceContextGrace()),
        settings.getBatchSize(),
        "parley-" + UUID.randomUUID(),
        Durations.of(settings.getLeaseTtl()));
  }
}
