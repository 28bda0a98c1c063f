package io.parley.domain.fakes;

import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookDelivery.State;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.out.TenantStore;
import io.parley.domain.port.out.WebhookStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * In-memory webhooks and deliveries, behaving as the PostgreSQL adapter does. There is no change
 * log here: a test records what the relay would have with {@link #recordDelivery}.
 */
public final class InMemoryWebhooks implements WebhookStore {
  private final TenantStore tenants;
  private final Map<UUID, Hook> hooks = new LinkedHashMap<>();
  private long lastPosition;

  public InMemoryWebhooks(TenantStore tenants) {
    this.tenants = tenants;
  }

  /** A stored webhook with its tenant, secret and deliveries (in position order). */
  private record Hook(TenantId tenant, Webhook webhook, String secret, List<WebhookDelivery> log) {}

  @Override
  public synchronized Optional<Webhook> create(
      TenantId tenant, Webhook webhook, String secret, int max) {
    if (tenants.find(tenant).isEmpty()) {
      throw new NotFoundException("tenant");
    }
    if (list(tenant).size() >= max) {
      return Optional.empty();
    }
    hooks.put(webhook.id(), new Hook(tenant, webhook, secret, new ArrayList<>()));
    return Optional.of(webhook);
  }

  @Override
  public synchronized List<Webhook> list(TenantId tenant) {
    return hooks.values().stream()
        .filter(h -> h.tenant().equals(tenant))
        .map(Hook::webhook)
        .sorted(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id))
        .toList();
  }

  @Override
  public synchronized Optional<Webhook> find(TenantId tenant, UUID id) {
    return hook(tenant, id).map(Hook::webhook);
  }

  private Optional<Hook> hook(TenantId tenant, UUID id) {
    return Optional.ofNullable(hooks.get(id)).filter(h -> h.tenant().equals(tenant));
  }

  @Override
  public synchronized boolean delete(TenantId tenant, UUID id) {
    return hook(tenant, id).map(h -> hooks.remove(id)).isPresent();
  }

  @Override
  public synchronized List<WebhookDelivery> deliveries(
      TenantId tenant, UUID webhook, State state, Long before, int limit) {
    return hook(tenant, webhook).map(Hook::log).orElse(List.of()).stream()
        .filter(d -> state == null || d.status() == state)
        .filter(d -> before == null || d.position() < before)
        .sorted(Comparator.comparingLong(WebhookDelivery::position).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized int replay(TenantId tenant, UUID webhook, Instant since, Instant now) {
    List<WebhookDelivery> log = hook(tenant, webhook).map(Hook::log).orElse(new ArrayList<>());
    Set<UUID> open = new HashSet<>();
    log.stream()
        .filter(d -> d.status() == State.PENDING || d.status() == State.FAILED)
        .forEach(d -> open.add(d.eventId()));
    List<WebhookDelivery> again = new ArrayList<>();
    for (WebhookDelivery d : log) {
      boolean done = d.status() == State.DELIVERED || d.status() == State.DEAD;
      if (done && !d.createdAt().isBefore(since) && open.add(d.eventId())) {
        again.add(
            new WebhookDelivery(
                ++lastPosition,
                d.eventId(),
                d.type(),
                State.PENDING,
                0,
                null,
                d.createdAt(),
                null));
      }
    }
    log.addAll(again);
    return again.size();
  }

  /**
   * Records a delivery of a new event as the relay would (its position the next in the log); the
   * delivery as stored.
   */
  public synchronized WebhookDelivery recordDelivery(
      TenantId tenant, UUID webhook, WebhookEvent type, State state, Instant createdAt) {
    Hook hook = hook(tenant, webhook).orElseThrow(() -> new NotFoundException("webhook"));
    WebhookDelivery delivery =
        new WebhookDelivery(
            ++lastPosition,
            UUID.randomUUID(),
            type,
            state,
            state == State.PENDING ? 0 : 1,
            state == State.DEAD ? "HTTP 500" : null,
            createdAt,
            state == State.DELIVERED ? createdAt : null);
    hook.log().add(delivery);
    return delivery;
  }

  /** Deletes up to {@code limit} of the tenant's webhooks (with their deliveries); how many. */
  synchronized int deleteSome(TenantId tenant, int limit) {
    List<UUID> doomed = list(tenant).stream().map(Webhook::id).limit(limit).toList();
    doomed.forEach(hooks::remove);
    return doomed.size();
  }
}
