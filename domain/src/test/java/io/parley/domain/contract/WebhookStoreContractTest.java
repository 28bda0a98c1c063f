package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.Ids;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.out.WebhookStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every WebhookStore must do with webhooks: a per-tenant limit, listed oldest first, one
 * tenant's only. (Deliveries come from the change log's relay: the adapters' own tests.)
 */
public abstract class WebhookStoreContractTest {
  protected abstract Stores stores();

  protected abstract WebhookStore webhooks(Stores stores);

  private Stores stores;
  private WebhookStore webhooks;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    stores = stores();
    webhooks = webhooks(stores);
    tenant = stores.newTenant();
  }

  private static Webhook webhook(Instant createdAt) {
    return new Webhook(
        Ids.next(Clock.systemUTC()),
        URI.create("https://hooks.example.com/parley"),
        List.of(WebhookEvent.MESSAGE_CREATED),
        false,
        createdAt);
  }

  @Test
  void aTenantHasAtMostMaxWebhooksListedOldestFirst() {
    Instant now = Stores.now();
    Webhook newer = webhooks.create(tenant, webhook(now.plusSeconds(1)), "s1", 2).orElseThrow();
    Webhook older = webhooks.create(tenant, webhook(now), "s2", 2).orElseThrow();

    assertThat(webhooks.create(tenant, webhook(now), "s3", 2)).isEmpty();
    assertThat(webhooks.list(tenant)).containsExactly(older, newer);
    assertThat(webhooks.find(tenant, older.id())).contains(older);
  }

  @Test
  void anotherTenantNeitherSeesNorDeletesAWebhook() {
    Webhook hook = webhooks.create(tenant, webhook(Stores.now()), "s", 5).orElseThrow();
    TenantId other = stores.newTenant();

    assertThat(webhooks.list(other)).isEmpty();
    assertThat(webhooks.find(other, hook.id())).isEmpty();
    assertThat(webhooks.delete(other, hook.id())).isFalse();
    assertThat(webhooks.delete(tenant, hook.id())).isTrue();
    assertThat(webhooks.delete(tenant, hook.id())).as("deleted once").isFalse();
    assertThat(webhooks.find(tenant, hook.id())).isEmpty();
    assertThat(webhooks.deliveries(tenant, hook.id(), null, null, 10)).isEmpty();
  }

  @Test
  void anUnknownTenantHasNoWebhooksToCreate() {
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));

    assertThatThrownBy(() -> webhooks.create(unknown, webhook(Stores.now()), "s", 5))
        .isInstanceOf(NotFoundException.class);
  }
}
