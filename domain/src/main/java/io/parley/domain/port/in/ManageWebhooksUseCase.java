package io.parley.domain.port.in;

import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's webhooks: created, listed, deleted, their deliveries listed and replayed. */
public interface ManageWebhooksUseCase {
  Webhook.Created create(TenantId tenant, String url, List<String> events, boolean includeContent);

  List<Webhook> list(TenantId tenant);

  void delete(TenantId tenant, UUID webhook);

  List<WebhookDelivery> deliveries(
      TenantId tenant, UUID webhook, WebhookDelivery.State state, Long before, int limit);

  int replay(TenantId tenant, UUID webhook, Instant since);
}
