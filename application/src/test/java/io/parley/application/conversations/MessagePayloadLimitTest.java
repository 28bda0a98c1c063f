package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import org.junit.jupiter.api.Test;

/** A message's payload is at most messages.maxPayloadBytes (16 KiB) as stored JSON. */
class MessagePayloadLimitTest {
  private final ApiClient api = TestApp.api();

  @Test
  void aPayloadPast16KiBIsRefusedNamingPayloadSinglyAndInABatch() {
    TestApp.TenantKey shop = TestApp.newTenant();
    String base = "/v1/tenants/" + shop.id();
    String conversation = Fixtures.start(api, base, shop.key(), "+254744000901");
    // {"v":"xxx..."} is 8 bytes plus the string: exactly 16,384 bytes, then one more.
    String fits = payload(16 * 1024 - 8);
    String tooLarge = payload(16 * 1024 - 7);

    Reply stored = append(base, shop.key(), conversation, fits);
    Reply refused = append(base, shop.key(), conversation, tooLarge);
    Reply batch =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + conversation
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"payload\":"
                + tooLarge
                + "},{\"conversationId\":\""
                + conversation
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"payload\":"
                + fits
                + "}]}");

    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("message")).startsWith("payload").contains("16384");
    assertThat(batch.status()).isEqualTo(200);
    assertThat(batch.body().path("results").get(0).path("status").asInt()).isEqualTo(422);
    assertThat(batch.body().path("results").get(0).path("error").asText()).contains("payload");
    assertThat(batch.body().path("results").get(1).path("status").asInt()).isEqualTo(201);
  }

  private Reply append(String base, String key, String conversation, String payload) {
    return api.post(
        base + "/conversations/" + conversation + "/messages",
        key,
        "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"payload\":" + payload + "}");
  }

  private static String payload(int characters) {
    return "{\"v\":\"" + "x".repeat(characters) + "\"}";
  }
}
