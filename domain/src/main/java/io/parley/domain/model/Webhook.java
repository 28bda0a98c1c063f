package io.parley.domain.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook: where its events go. The signing secret is not part of it. */
public record Webhook(
    UUID id, URI url, List<WebhookEvent> events, boolean includeContent, Instant createdAt) {
  public Webhook {
    events = List.copyOf(events);
  }

  /** A webhook just created, with its signing secret (shown once). */
  public record Created(Webhook webhook, String secret) {}
}
