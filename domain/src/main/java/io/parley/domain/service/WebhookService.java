package io.parley.domain.service;

import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Texts;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.in.ManageWebhooksUseCase;
import io.parley.domain.port.out.WebhookStore;
import io.parley.domain.port.out.WebhookTargets;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A tenant's webhooks: the URL checked against the target rules, the events named, a signing secret
 * generated (shown once). Delivery itself is the relay's, from the change log.
 */
public final class WebhookService implements ManageWebhooksUseCase {
  static final int MAX_URL_LENGTH = 2048;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookStore store;
  private final WebhookTargets targets;
  private final Clock clock;
  private final int maxPerTenant;

  public WebhookService(WebhookStore store, WebhookTargets targets, Clock clock, int maxPerTenant) {
    this.store = store;
    this.targets = targets;
    this.clock = clock;
    this.maxPerTenant = maxPerTenant;
  }

  @Override
  public Webhook.Created create(
      TenantId tenant, String url, List<String> events, boolean includeContent) {
    URI target = url(url);
    List<WebhookEvent> subscribed = events(events);
    targets.check(target);
    Webhook webhook =
        new Webhook(
            Ids.next(clock),
            target,
            subscribed,
            includeContent,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    String secret = secret();
    Webhook stored =
        store
            .create(tenant, webhook, secret, maxPerTenant)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "webhooks", "a tenant has at most " + maxPerTenant + " webhooks"));
    return new Webhook.Created(stored, secret);
  }

  @Override
  public List<Webhook> list(TenantId tenant) {
    return store.list(tenant);
  }

  @Override
  public void delete(TenantId tenant, UUID webhook) {
    if (!store.delete(tenant, webhook)) {
      throw new NotFoundException("webhook");
    }
  }

  @Override
  public List<WebhookDelivery> deliveries(
      TenantId tenant, UUID webhook, WebhookDelivery.State state, Long before, int limit) {
    existing(tenant, webhook);
    return store.deliveries(tenant, webhook, state, before, limit);
  }

  @Override
  public int replay(TenantId tenant, UUID webhook, Instant since) {
    if (since == null) {
      throw new InvalidInputException("since", "is required (an ISO-8601 time)");
    }
    Instant now = clock.instant();
    if (since.isAfter(now)) {
      throw new InvalidInputException("since", "must not be in the future");
    }
    existing(tenant, webhook);
    return store.replay(tenant, webhook, since, now);
  }

  private void existing(TenantId tenant, UUID webhook) {
    store.find(tenant, webhook).orElseThrow(() -> new NotFoundException("webhook"));
  }

  static URI url(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("url", "is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidInputException("url", "must be at most " + MAX_URL_LENGTH + " characters");
    }
    Texts.requireWellFormed("url", url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("url", "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidInputException("url", "must be an https (or allowed http) URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidInputException("url", "must name a host");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidInputException("url", "must not carry credentials");
    }
    if (uri.getFragment() != null) {
      throw new InvalidInputException("url", "must not have a fragment");
    }
    return uri;
  }

  static List<WebhookEvent> events(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw new InvalidInputException("events", "must name at least one event");
    }
    List<WebhookEvent> parsed = new ArrayList<>();
    for (String event : events) {
      WebhookEvent e = WebhookEvent.parse("events", event);
      if (!parsed.contains(e)) {
        parsed.add(e);
      }
    }
    return parsed;
  }

  private static String secret() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
