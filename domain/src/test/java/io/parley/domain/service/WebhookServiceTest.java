package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.fakes.InMemoryWebhooks;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookDelivery.State;
import io.parley.domain.model.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Managing webhooks against the in-memory store; the relay's deliveries are recorded by hand. */
class WebhookServiceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  private final InMemoryStores fakes = InMemoryStores.create(clock);
  private final InMemoryWebhooks store = fakes.webhooks();
  private final WebhookService service =
      new WebhookService(
          store,
          url -> {
            if (url.getHost().equals("10.0.0.1")) {
              throw new InvalidInputException("url", url + " is a private address");
            }
          },
          clock,
          2);
  private final TenantId tenant = fakes.stores().newTenant();

  private Webhook create(String url, String... events) {
    return service.create(tenant, url, List.of(events), false).webhook();
  }

  @Test
  void aWebhookIsRefusedNamingTheFieldAtFault() {
    assertThatThrownBy(() -> create(" ", "message.created")).hasMessage("url is required");
    assertThatThrownBy(() -> create("ftp://hooks.example.com", "message.created"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("url must be an https (or allowed http) URL");
    assertThatThrownBy(() -> create("https://user:pw@hooks.example.com", "message.created"))
        .hasMessage("url must not carry credentials");
    assertThatThrownBy(() -> create("https://hooks.example.com/#x", "message.created"))
        .hasMessage("url must not have a fragment");
    assertThatThrownBy(() -> create("https://hooks.example.com"))
        .hasMessage("events must name at least one event");
    assertThatThrownBy(() -> create("https://hooks.example.com", "message.sent"))
        .hasMessageStartingWith("events must be one of message.created, ");
    assertThatThrownBy(() -> create("https://10.0.0.1/hook", "message.created"))
        .hasMessageContaining("private address");
    assertThat(service.list(tenant)).isEmpty();
  }

  @Test
  void aWebhookIsStoredWithItsEventsOnceAndAFreshSecretShownOnce() {
    Webhook.Created first =
        service.create(
            tenant,
            "https://hooks.example.com/a",
            List.of("message.created", "customer.erased", "message.created"),
            true);
    clock.advance(Duration.ofSeconds(1)); // listed by creation time (ids within a ms are random)
    Webhook.Created second =
        service.create(tenant, "https://hooks.example.com/b", List.of("message.status"), false);

    assertThat(first.webhook().events())
        .containsExactly(WebhookEvent.MESSAGE_CREATED, WebhookEvent.CUSTOMER_ERASED);
    assertThat(first.secret()).startsWith("whsec_").isNotEqualTo(second.secret());
    assertThat(service.list(tenant)).containsExactly(first.webhook(), second.webhook());
  }

  @Test
  void aTenantHasAtMostTheConfiguredNumberOfWebhooks() {
    create("https://hooks.example.com/a", "message.created");
    create("https://hooks.example.com/b", "message.created");

    assertThatThrownBy(() -> create("https://hooks.example.com/c", "message.created"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("webhooks a tenant has at most 2 webhooks");
  }

  @Test
  void anotherTenantsWebhookIsNotFoundAndADeletedOneIsGone() {
    Webhook hook = create("https://hooks.example.com/a", "message.created");
    TenantId other = fakes.stores().newTenant();

    assertThatThrownBy(() -> service.delete(other, hook.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.deliveries(other, hook.id(), null, null, 10))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.replay(other, hook.id(), clock.instant()))
        .isInstanceOf(NotFoundException.class);
    service.delete(tenant, hook.id());
    assertThat(service.list(tenant)).isEmpty();
    assertThatThrownBy(() -> service.delete(tenant, hook.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deliveriesAreListedNewestFirstByStateAndPosition() {
    UUID hook = create("https://hooks.example.com/a", "message.created").id();
    WebhookDelivery oldest = record(hook, State.DELIVERED, Duration.ofMinutes(3));
    WebhookDelivery dead = record(hook, State.DEAD, Duration.ofMinutes(2));
    WebhookDelivery newest = record(hook, State.DELIVERED, Duration.ofMinutes(1));

    assertThat(service.deliveries(tenant, hook, null, null, 10))
        .containsExactly(newest, dead, oldest);
    assertThat(service.deliveries(tenant, hook, State.DELIVERED, null, 10))
        .containsExactly(newest, oldest);
    assertThat(service.deliveries(tenant, hook, null, newest.position(), 1)).containsExactly(dead);
  }

  private WebhookDelivery record(UUID hook, State state, Duration ago) {
    return store.recordDelivery(
        tenant, hook, WebhookEvent.MESSAGE_CREATED, state, clock.instant().minus(ago));
  }

  @Test
  void aReplayQueuesEachFinishedEventSinceOnceAndRefusesAMissingOrFutureSince() {
    UUID hook = create("https://hooks.example.com/a", "message.created").id();
    record(hook, State.DELIVERED, Duration.ofHours(2));
    WebhookDelivery dead = record(hook, State.DEAD, Duration.ofMinutes(30));
    WebhookDelivery delivered = record(hook, State.DELIVERED, Duration.ofMinutes(20));
    record(hook, State.FAILED, Duration.ofMinutes(10));

    int queued = service.replay(tenant, hook, clock.instant().minus(Duration.ofHours(1)));

    assertThat(queued).isEqualTo(2);
    assertThat(service.deliveries(tenant, hook, State.PENDING, null, 10))
        .extracting(WebhookDelivery::eventId)
        .containsExactly(delivered.eventId(), dead.eventId());
    assertThat(service.replay(tenant, hook, clock.instant().minus(Duration.ofHours(1))))
        .as("still pending: not queued again")
        .isZero();
    assertThatThrownBy(() -> service.replay(tenant, hook, null))
        .hasMessage("since is required (an ISO-8601 time)");
    assertThatThrownBy(() -> service.replay(tenant, hook, clock.instant().plusSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("since must not be in the future");
  }
}
