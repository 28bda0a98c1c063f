package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
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
import io.parley.application.api.TenantResource;
import io.parley.application.api.WebhookResource;
import io.parley.application.infra.OpenApiDocument;

/** The HTTP API: one resource per part of the contract, each over the use cases it serves. */
final class Resources {
  private Resources() {}

  static void register(
      Environment environment, Services services, CursorCodec cursors, int maxPageSize) {
    JerseyEnvironment jersey = environment.jersey();
    var tenants = services.tenants();
    var conversations = services.conversations();
    var messages = services.messages();
    var references = services.references();
    var catalogs = services.catalogs();
    jersey.register(new TenantResource(tenants, tenants, tenants, services.removals()));
    jersey.register(new ApiKeyResource(tenants));
    jersey.register(
        new ConversationResource(
            conversations, conversations, conversations, conversations, cursors, maxPageSize));
    jersey.register(new CustomerResource(conversations, services.erasures(), cursors, maxPageSize));
    jersey.register(new ErasureResource(services.erasures(), services.removals()));
    jersey.register(new WebhookResource(services.webhooks(), cursors, maxPageSize));
    jersey.register(new MessageResource(messages, messages, cursors, maxPageSize));
    jersey.register(new MessageBatchResource(messages));
    jersey.register(new DeliveryStatusResource(messages, environment.metrics()));
    jersey.register(new ReferenceContextResource(references, references, references));
    jersey.register(new CatalogResource(catalogs, catalogs, catalogs, cursors));
    jersey.register(new AgentContextResource(services.agentContexts()));
    jersey.register(OpenApiDocument.resource());
    jersey.register(new PingResource());
  }
}
