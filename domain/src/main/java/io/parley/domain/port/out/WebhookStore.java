package io.parley.domain.port.out;

import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's webhooks and their deliveries (the events come from the change log). */
public interface WebhookStore {
  /** Stores a webhook unless the tenant has {@code max} already (then empty). */
  Optional<Webhook> create(TenantId tenant, Webhook webhook, String secret, int max);

  List<Webhook> list(TenantId tenant);

  Optional<Webhook> find(TenantId tenant, UUID id);

  /** Deletes the webhook and its deliveries; false when there was none. */
  boolean delete(TenantId tenant, UUID id);

  /**
   * The webhook's deliveries newest first, those with a position below {@code before} (null: from
   * the newest), of one state or all (null).
   */
  List<WebhookDelivery> deliveries(
      TenantId tenant, UUID webhook, WebhookDelivery.State state, Long before, int limit);

  /**
   * Delivers again, in log order, every event of the webhook since {@code since} that was delivered
   * or dead-lettered (each once; at most an adapter's limit a call, the oldest first); returns how
   * many.
   */
  int replay(TenantId tenant, UUID webhook, Instant since, Instant now);
}
