package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import org.junit.jupiter.api.Test;

/** Delivery statuses over the whole service: outcomes, held statuses, where they show, metrics. */
class DeliveryStatusAppTest {
  @Test
  void statusesAreAppliedHeldOrRefusedAndShowEverywhere() throws Exception {
    TestApp.TenantKey shop = TestApp.newTenant();
    TestApp.TenantKey other = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254777000001");
    String messages = base + "/conversations/" + c + "/messages";
    api.post(
        messages,
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"Karibu\","
            + "\"providerMessageId\":\"wamid.A\"}");
    Reply warm = api.get(base + "/conversations/" + c + "/agent-context", shop.key());
    assertThat(warm.body().at("/recentMessages/0/deliveryStatus").isNull()).isTrue();
    Reply reply =
        api.post(
            base + "/message-statuses",
            shop.key(),
            "{\"statuses\":["
                + "{\"providerMessageId\":\"wamid.A\",\"status\":\"delivered\",\"at\":\"2026-03-01T10:00:01Z\"},"
                + "{\"providerMessageId\":\"wamid.B\",\"status\":\"failed\",\"at\":\"2026-03-01T10:00:02Z\","
                + "\"error\":{\"code\":\"131047\",\"title\":\"Re-engagement message\"}},"
                + "{\"providerMessageId\":\"wamid.A\",\"status\":\"seen\",\"at\":\"2026-03-01T10:00:03Z\"},"
                + "{\"providerMessageId\":\"wamid.A\",\"status\":\"sent\"},"
                + "{\"providerMessageId\":\"wamid.A\",\"status\":\"sent\",\"at\":\"2026-03-01T10:00:00Z\"}"
                + "]}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode results = reply.body().path("results");
    assertThat(results.findValuesAsText("status"))
        .containsExactly("200", "202", "422", "422", "200");
    assertThat(results.at("/0/message/deliveryStatus").asText()).isEqualTo("delivered");
    assertThat(results.at("/4/message/deliveryStatus").asText()).isEqualTo("delivered");
    assertThat(results.at("/4/message/deliveryStatusAt").asText())
        .isEqualTo("2026-03-01T10:00:01.000Z");
    assertThat(results.at("/2/error").asText()).contains("status");
    assertThat(results.at("/3/error").asText()).contains("at");

    Reply context = api.get(base + "/conversations/" + c + "/agent-context", shop.key());
    assertThat(context.body().at("/recentMessages/0/deliveryStatus").asText())
        .as("the status reached the cached window")
        .isEqualTo("delivered");
    assertThat(
            api.get(messages + "?limit=5", shop.key())
                .body()
                .at("/messages/0/deliveryStatus")
                .asText())
        .isEqualTo("delivered");

    Reply batch =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + c
                + "\",\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"Bei\","
                + "\"providerMessageId\":\"wamid.B\"}]}");
    JsonNode stored = batch.body().at("/results/0/message");
    assertThat(stored.path("deliveryStatus").asText()).isEqualTo("failed");
    assertThat(stored.at("/deliveryError/code").asText()).isEqualTo("131047");
    assertThat(
            api.get(messages + "?page=1&pageSize=5", shop.key())
                .body()
                .at("/messages/0/deliveryStatus")
                .asText())
        .isEqualTo("failed");

    Reply foreign =
        api.post(
            "/v1/tenants/" + other.id() + "/message-statuses",
            other.key(),
            "{\"statuses\":[{\"providerMessageId\":\"wamid.A\",\"status\":\"read\",\"at\":\"2026-03-01T10:00:09Z\"}]}");
    assertThat(foreign.body().at("/results/0/status").asInt())
        .as("another tenant's provider id is unknown here")
        .isEqualTo(202);
    assertThat(
            api.get(messages + "?limit=5", shop.key())
                .body()
                .at("/messages/1/deliveryStatus")
                .asText())
        .isEqualTo("delivered");

    assertThat(api.post(base + "/message-statuses", shop.key(), "{\"statuses\":[]}").status())
        .isEqualTo(400);
    assertThat(api.post(base + "/message-statuses", shop.key(), "{\"statuses\":").status())
        .isEqualTo(400);
    assertThat(
            api.post(
                    "/v1/tenants/" + other.id() + "/message-statuses",
                    shop.key(),
                    "{\"statuses\":[]}")
                .status())
        .isEqualTo(404);
    String scrape =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + TestApp.support().getAdminPort() + "/prometheus"))
                    .header("Authorization", "Bearer " + TestApp.ADMIN_KEY)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(scrape)
        .contains("parley_delivery_statuses_total{status=\"delivered\",}")
        .contains("parley_delivery_statuses_total{status=\"failed\",}");
  }

  @Test
  void anImplausiblyOldStatusTimeIsRefusedPerItemAndReadsKeepWorking() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254777000009");
    String messages = base + "/conversations/" + c + "/messages";
    api.post(
        messages,
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"Karibu\","
            + "\"providerMessageId\":\"wamid.OLD\"}");
    Reply reply =
        api.post(
            base + "/message-statuses",
            shop.key(),
            "{\"statuses\":["
                + "{\"providerMessageId\":\"wamid.OLD\",\"status\":\"read\",\"at\":\"-4714-01-01T00:00:00Z\"},"
                + "{\"providerMessageId\":\"wamid.OLD\",\"status\":\"read\",\"at\":\"1970-01-01T00:00:00Z\"},"
                + "{\"providerMessageId\":\"wamid.OLD\",\"status\":\"sent\",\"at\":\"2026-03-01T10:00:00Z\"},"
                + "{\"providerMessageId\":\"wamid.OLD\",\"status\":\"read\",\"at\":\"+300000-01-01T00:00:00Z\"}"
                + "]}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.body().path("results").findValuesAsText("status"))
        .containsExactly("422", "422", "200", "422");
    assertThat(reply.body().at("/results/0/error").asText()).contains("at");
    assertThat(reply.body().at("/results/1/error").asText()).contains("at").contains("2000-01-01");
    assertThat(reply.body().at("/results/3/error").asText()).contains("at");
    Reply page = api.get(messages + "?page=1&pageSize=5&order=asc", shop.key());
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.body().at("/messages/0/deliveryStatusAt").asText())
        .isEqualTo("2026-03-01T10:00:00.000Z");
    Reply context = api.get(base + "/conversations/" + c + "/agent-context", shop.key());
    assertThat(context.status()).as(context.toString()).isEqualTo(200);
  }

  /**
   * Items are read as strictly as every other body: an unknown field (a typo) or a value of the
   * wrong type is refused naming it, never dropped or coerced (a review found {@code "errors"}
   * dropped, so a failure was stored without its error, and a numeric providerMessageId held as
   * text). WhatsApp's numeric error code is taken as it sends it.
   */
  @Test
  void unknownOrMistypedFieldsOfAnItemAreRefusedNamingThem() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254777000010");
    api.post(
        base + "/conversations/" + c + "/messages",
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"Karibu\","
            + "\"providerMessageId\":\"wamid.T1\"}");
    String at = "\"at\":\"2026-03-01T10:00:00Z\"";
    Reply reply =
        api.post(
            base + "/message-statuses",
            shop.key(),
            "{\"statuses\":["
                + "{\"providerMessageId\":\"wamid.T1\",\"status\":\"failed\","
                + at
                + ",\"errors\":{\"code\":\"131047\"}},"
                + "{\"providerMessageId\":12345,\"status\":\"sent\","
                + at
                + "},"
                + "{\"providerMessageId\":\"wamid.T1\",\"status\":\"failed\","
                + at
                + ",\"error\":{\"code\":131047,\"titel\":\"x\"}},"
                + "{\"providerMessageId\":\"wamid.T1\",\"status\":[\"read\"],"
                + at
                + "},"
                + "{\"providerMessageId\":\"wamid.T1\",\"status\":\"failed\","
                + at
                + ",\"error\":{\"code\":131047,\"title\":\"Re-engagement message\"}}"
                + "]}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.body().path("results").findValuesAsText("status"))
        .containsExactly("422", "422", "422", "422", "200");
    assertThat(reply.body().at("/results/0/error").asText()).contains("statuses[0].errors");
    assertThat(reply.body().at("/results/1/error").asText())
        .contains("statuses[1].providerMessageId")
        .contains("string");
    assertThat(reply.body().at("/results/2/error").asText()).contains("statuses[2].error.titel");
    assertThat(reply.body().at("/results/3/error").asText()).contains("statuses[3].status");
    assertThat(reply.body().at("/results/4/message/deliveryError/code").asText())
        .isEqualTo("131047");
  }
}
