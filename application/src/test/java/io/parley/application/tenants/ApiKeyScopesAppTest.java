package io.parley.application.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Key scopes: a bot key does the conversation work and nothing of keys, settings or erasure; keys
 * are listed without secrets, with when each was last used; a tenant holds a bounded number.
 */
class ApiKeyScopesAppTest {
  private final ApiClient api = TestApp.api();

  @Test
  void theFirstKeyManagesAndIssuesBotKeysByDefault() {
    TestApp.TenantKey tenant = TestApp.newTenant();

    Reply bot = issue(tenant, tenant.key(), "{\"name\":\"bot\"}");
    Reply manage = issue(tenant, tenant.key(), "{\"name\":\"ops\",\"scope\":\"manage\"}");

    assertThat(bot.status()).as(bot.toString()).isEqualTo(201);
    assertThat(bot.text("scope")).isEqualTo("bot");
    assertThat(manage.text("scope")).isEqualTo("manage");
    Reply wrong = issue(tenant, tenant.key(), "{\"name\":\"x\",\"scope\":\"root\"}");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.text("message")).contains("scope");
  }

  @Test
  void aBotKeyWorksConversationsButMayNotTouchKeysSettingsOrErasure() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    String bot = issue(tenant, tenant.key(), "{\"name\":\"bot\"}").text("apiKey");
    String base = "/v1/tenants/" + tenant.id();
    Reply conversation =
        api.post(
            base + "/conversations",
            bot,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+255700000001\"}}");
    assertThat(conversation.status()).as(conversation.toString()).isIn(200, 201);
    String customer = conversation.body().path("customer").path("id").asText();
    String someKey = issue(tenant, tenant.key(), "{\"name\":\"other\"}").text("id");

    List<Reply> refused = new ArrayList<>();
    refused.add(issue(tenant, bot, "{\"name\":\"minted\"}"));
    refused.add(api.get(base + "/api-keys", bot));
    refused.add(api.delete(base + "/api-keys/" + someKey, bot));
    refused.add(api.get(base, bot));
    refused.add(api.patch(base, bot, "{\"dormantAfterHours\": 1}"));
    refused.add(api.delete(base + "/customers/" + customer, bot));
    refused.add(api.get(base + "/erasures", bot));

    assertThat(refused).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(403));
    assertThat(refused.get(0).text("message")).contains("manage key");
    assertThat(api.get(base + "/conversations", bot).status()).isEqualTo(200);
    assertThat(api.get(base + "/api-keys", tenant.key()).status()).isEqualTo(200);
    assertThat(api.get(base + "/api-keys", TestApp.ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void keysAreListedWithoutSecretsAndWithTheirLastUse() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    Reply bot = issue(tenant, tenant.key(), "{\"name\":\"shop bot\"}");
    String keys = "/v1/tenants/" + tenant.id() + "/api-keys";
    assertThat(
            api.get("/v1/tenants/" + tenant.id() + "/conversations", bot.text("apiKey")).status())
        .isEqualTo(200);

    JsonNode listed =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> entry(api.get(keys, tenant.key()), bot.text("id")), e -> used(e));

    assertThat(listed.path("name").asText()).isEqualTo("shop bot");
    assertThat(listed.path("scope").asText()).isEqualTo("bot");
    assertThat(Instant.parse(listed.path("lastUsedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(bot.text("createdAt")));
    Reply list = api.get(keys, tenant.key());
    assertThat(list.body().path("apiKeys")).hasSize(2);
    assertThat(list.raw().body()).doesNotContain(bot.text("apiKey")).doesNotContain("apiKey\":\"");
    assertThat(list.body().path("apiKeys").get(0).has("lastUsedAt")).isTrue();
  }

  @Test
  void aTenantHoldsAtMostFiftyLiveKeys() {
    TestApp.TenantKey tenant = TestApp.newTenant();
    String last = null;
    for (int i = 2; i <= 50; i++) {
      Reply issued = issue(tenant, TestApp.ADMIN_KEY, "{\"name\":\"k" + i + "\"}");
      assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
      last = issued.text("id");
    }

    Reply refused = issue(tenant, tenant.key(), "{\"name\":\"one too many\"}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("message")).contains("keys.maxPerTenant").contains("50");
    assertThat(
            api.delete("/v1/tenants/" + tenant.id() + "/api-keys/" + last, tenant.key()).status())
        .isEqualTo(204);
    assertThat(issue(tenant, tenant.key(), "{\"name\":\"in its place\"}").status()).isEqualTo(201);
  }

  private Reply issue(TestApp.TenantKey tenant, String key, String body) {
    return api.post("/v1/tenants/" + tenant.id() + "/api-keys", key, body);
  }

  private static JsonNode entry(Reply list, String id) {
    for (JsonNode key : list.body().path("apiKeys")) {
      if (key.path("id").asText().equals(id)) {
        return key;
      }
    }
    throw new AssertionError("key " + id + " not listed: " + list);
  }

  private static boolean used(JsonNode key) {
    return key.hasNonNull("lastUsedAt");
  }
}
