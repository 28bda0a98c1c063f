package io.parley.application.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook API as a client meets it: the secret shown once, lists without secrets, manage keys
 * only, the URL rules (this app runs with private targets refused, as in production), one tenant's
 * webhooks invisible to another, deliveries listed and replayed. Delivery itself is proven in
 * adapters' WebhookRelayTest and WebhooksKilledInstanceIT.
 */
class WebhooksAppTest {
  /** A public address that needs no DNS (TEST-NET-3): creation resolves the host. */
  private static final String PUBLIC_URL = "https://203.0.113.10/parley";

  private final ApiClient api = TestApp.api();

  @Test
  void aManageKeyCreatesListsAndDeletesWebhooksAndSeesTheSecretOnce() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    Reply created =
        create(tenant, tenant.key(), PUBLIC_URL, "[\"message.created\",\"handoff.started\"]");

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text("secret")).startsWith("whsec_");
    assertThat(created.text("url")).isEqualTo(PUBLIC_URL);
    assertThat(created.body().get("includeContent").asBoolean()).isFalse();
    assertThat(created.body().get("events").toString())
        .isEqualTo("[\"message.created\",\"handoff.started\"]");

    Reply listed = api.get(base(tenant) + "/webhooks", tenant.key());
    assertThat(listed.status()).isEqualTo(200);
    JsonNode webhook = listed.body().get("webhooks").get(0);
    assertThat(webhook.get("id").asText()).isEqualTo(created.text("id"));
    assertThat(webhook.has("secret")).isFalse();
    assertThat(listed.raw().body()).doesNotContain(created.text("secret"));

    Reply deleted = api.delete(base(tenant) + "/webhooks/" + created.text("id"), tenant.key());
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.delete(base(tenant) + "/webhooks/" + created.text("id"), tenant.key()).status())
        .isEqualTo(404);
    assertThat(api.get(base(tenant) + "/webhooks", tenant.key()).body().get("webhooks")).isEmpty();
  }

  @Test
  void aBotKeyMayNotManageWebhooks() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    String bot =
        api.post(base(tenant) + "/api-keys", tenant.key(), "{\"name\":\"bot\"}").text("apiKey");
    String id = create(tenant, tenant.key(), PUBLIC_URL, "[\"message.created\"]").text("id");

    List<Reply> refused = new ArrayList<>();
    refused.add(create(tenant, bot, PUBLIC_URL, "[\"message.created\"]"));
    refused.add(api.get(base(tenant) + "/webhooks", bot));
    refused.add(api.delete(base(tenant) + "/webhooks/" + id, bot));
    refused.add(api.get(base(tenant) + "/webhooks/" + id + "/deliveries", bot));
    refused.add(
        api.post(
            base(tenant) + "/webhooks/" + id + "/replay",
            bot,
            "{\"since\":\"2026-01-01T00:00:00Z\"}"));
    assertThat(refused).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(403));
    assertThat(refused.get(0).text("message")).contains("manage key");
  }

  @Test
  void urlsThatAreNotHttpsOrPointInsideAreRefusedNamingTheField() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    List<String> refused =
        List.of(
            "http://203.0.113.10/hook",
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://10.1.2.3/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://user:pass@203.0.113.10/hook",
            "ftp://203.0.113.10/hook",
            "not a url");
    for (String url : refused) {
      Reply reply = create(tenant, tenant.key(), url, "[\"message.created\"]");
      assertThat(reply.status()).as(url + " " + reply).isEqualTo(422);
      assertThat(reply.text("message")).as(url).contains("url");
    }
    Reply events = create(tenant, tenant.key(), PUBLIC_URL, "[\"message.deleted\"]");
    assertThat(events.status()).isEqualTo(422);
    assertThat(events.text("message")).contains("events").contains("message.created");
    Reply none = create(tenant, tenant.key(), PUBLIC_URL, "[]");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.text("message")).contains("events");
    assertThat(api.get(base(tenant) + "/webhooks", tenant.key()).body().get("webhooks")).isEmpty();
  }

  @Test
  void aTenantHasAtMostItsMaximumOfWebhooks() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    for (int i = 0; i < 10; i++) {
      assertThat(create(tenant, tenant.key(), PUBLIC_URL + i, "[\"message.created\"]").status())
          .isEqualTo(201);
    }
    Reply over = create(tenant, tenant.key(), PUBLIC_URL, "[\"message.created\"]");
    assertThat(over.status()).isEqualTo(422);
    assertThat(over.text("message")).contains("at most 10");
  }

  @Test
  void anotherTenantsWebhookIsAbsent() {
    TestApp.TenantKey owner = TestApp.newTenant();
    TestApp.TenantKey other = TestApp.newTenant();
    String id = create(owner, owner.key(), PUBLIC_URL, "[\"message.created\"]").text("id");

    assertThat(api.get(base(other) + "/webhooks/" + id + "/deliveries", other.key()).status())
        .isEqualTo(404);
    assertThat(api.delete(base(other) + "/webhooks/" + id, other.key()).status()).isEqualTo(404);
    assertThat(
            api.post(
                    base(other) + "/webhooks/" + id + "/replay",
                    other.key(),
                    "{\"since\":\"2026-01-01T00:00:00Z\"}")
                .status())
        .isEqualTo(404);
    assertThat(api.get(base(owner) + "/webhooks", owner.key()).body().get("webhooks")).hasSize(1);
  }

  @Test
  void deliveriesAreListedPagedAndReplayable() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    String id = create(tenant, tenant.key(), PUBLIC_URL, "[\"message.created\"]").text("id");
    String conversation =
        api.post(
                base(tenant) + "/conversations",
                tenant.key(),
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+255700000077\"}}")
            .text("id");
    for (int i = 0; i < 3; i++) {
      Reply appended =
          api.post(
              base(tenant) + "/conversations/" + conversation + "/messages",
              tenant.key(),
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\"}");
      assertThat(appended.status()).as(appended.toString()).isIn(200, 201);
    }
    String deliveries = base(tenant) + "/webhooks/" + id + "/deliveries";
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> api.get(deliveries, tenant.key()).body().get("deliveries").size() == 3);

    Reply first = api.get(deliveries + "?limit=2", tenant.key());
    assertThat(first.body().get("deliveries")).hasSize(2);
    JsonNode one = first.body().get("deliveries").get(0);
    assertThat(one.get("type").asText()).isEqualTo("message.created");
    assertThat(one.get("status").asText()).isIn("pending", "failed");
    Reply second =
        api.get(deliveries + "?limit=2&cursor=" + first.text("nextCursor"), tenant.key());
    assertThat(second.body().get("deliveries")).hasSize(1);
    assertThat(second.body().get("nextCursor").isNull()).isTrue();
    assertThat(api.get(deliveries + "?status=delivered", tenant.key()).body().get("deliveries"))
        .isEmpty();
    assertThat(api.get(deliveries + "?status=sideways", tenant.key()).status()).isEqualTo(400);
    assertThat(api.get(deliveries + "?cursor=forged", tenant.key()).status()).isEqualTo(400);

    Reply replay =
        api.post(
            base(tenant) + "/webhooks/" + id + "/replay",
            tenant.key(),
            "{\"since\":\"" + Instant.now().minusSeconds(3600) + "\"}");
    assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
    assertThat(replay.body().get("queued").asInt()).isZero(); // nothing delivered or dead yet
    Reply future =
        api.post(
            base(tenant) + "/webhooks/" + id + "/replay",
            tenant.key(),
            "{\"since\":\"" + Instant.now().plusSeconds(3600) + "\"}");
    assertThat(future.status()).isEqualTo(422);
    assertThat(future.text("message")).contains("since");
    Reply missing = api.post(base(tenant) + "/webhooks/" + id + "/replay", tenant.key(), "{}");
    assertThat(missing.status()).isEqualTo(422);
  }

  private Reply create(TestApp.TenantKey tenant, String key, String url, String events) {
    return api.post(
        base(tenant) + "/webhooks",
        key,
        "{\"url\":" + (url == null ? "null" : "\"" + url + "\"") + ",\"events\":" + events + "}");
  }

  private static String base(TestApp.TenantKey tenant) {
    return "/v1/tenants/" + tenant.id();
  }
}
