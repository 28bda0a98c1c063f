package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message's provider time ({@code sentAt}): stored, shown, bounded; order stays arrival. */
class MessageTimeAppTest {
  @Test
  void aMessageKeepsItsProviderTimeAndItsArrivalOrder() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254755000001");
    String messages = base + "/conversations/" + c + "/messages";
    Reply late =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"later\","
                + "\"sentAt\":\"2026-01-02T10:00:00+03:00\"}");
    assertThat(late.status()).as(late.toString()).isEqualTo(201);
    assertThat(late.text("sentAt")).isEqualTo("2026-01-02T07:00:00.000Z");
    Reply plain =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"now\"}");
    assertThat(plain.text("sentAt")).isEqualTo(plain.text("createdAt"));
    Reply page = api.get(messages + "?limit=10", shop.key());
    JsonNode newest = page.body().path("messages");
    assertThat(newest.get(0).path("text").asText()).isEqualTo("now");
    assertThat(newest.get(1).path("sentAt").asText()).isEqualTo("2026-01-02T07:00:00.000Z");
    Reply numbered = api.get(messages + "?page=1&pageSize=10", shop.key());
    assertThat(numbered.body().at("/messages/1/sentAt").asText())
        .isEqualTo("2026-01-02T07:00:00.000Z");
  }

  @Test
  void aProviderTimeMoreThanFiveMinutesAheadIsRefused() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254755000002");
    String messages = base + "/conversations/" + c + "/messages";
    String ahead = Instant.now().plus(Duration.ofMinutes(6)).toString();
    String near = Instant.now().plus(Duration.ofMinutes(4)).toString();
    Reply refused =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"sentAt\":\""
                + ahead
                + "\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("message")).contains("sentAt");
    Reply malformed =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"sentAt\":\"yesterday\"}");
    assertThat(malformed.status()).isEqualTo(422);
    assertThat(malformed.text("message")).contains("sentAt");
    Reply skewed =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"sentAt\":\""
                + near
                + "\"}");
    assertThat(skewed.status()).isEqualTo(201);
    Reply batch =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"old\","
                + "\"sentAt\":\"2025-12-01T08:00:00Z\"},{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"ahead\","
                + "\"sentAt\":\""
                + ahead
                + "\"}]}");
    assertThat(batch.body().at("/results/0/status").asInt()).isEqualTo(201);
    assertThat(batch.body().at("/results/0/message/sentAt").asText())
        .isEqualTo("2025-12-01T08:00:00.000Z");
    assertThat(batch.body().at("/results/1/status").asInt()).isEqualTo(422);
    assertThat(batch.body().at("/results/1/error").asText()).contains("sentAt");
    assertThat(batch.body().at("/results/0/message/seq").asLong()).isEqualTo(2);
  }

  @Test
  void anImplausiblyOldProviderTimeIsRefusedAndReadsKeepWorking() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254755000004");
    String messages = base + "/conversations/" + c + "/messages";
    for (String ancient :
        List.of("-4714-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z")) {
      Reply refused =
          api.post(
              messages,
              shop.key(),
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"sentAt\":\""
                  + ancient
                  + "\"}");
      assertThat(refused.status()).as(ancient + " " + refused).isEqualTo(422);
      assertThat(refused.text("message")).contains("sentAt");
    }
    assertThat(
            api.post(
                    messages,
                    shop.key(),
                    "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\","
                        + "\"sentAt\":\"1970-01-01T00:00:00Z\"}")
                .text("message"))
        .as("the message names the bound")
        .contains("2000-01-01");
    Reply earliest =
        api.post(
            messages,
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"y2k\","
                + "\"sentAt\":\"2000-01-01T00:00:00Z\"}");
    assertThat(earliest.status()).as(earliest.toString()).isEqualTo(201);
    Reply batch =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"ancient\","
                + "\"sentAt\":\"-4714-01-01T00:00:00Z\"},{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"fine\","
                + "\"sentAt\":\"2025-12-01T08:00:00Z\"}]}");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
    assertThat(batch.body().at("/results/0/status").asInt()).isEqualTo(422);
    assertThat(batch.body().at("/results/0/error").asText()).contains("sentAt");
    assertThat(batch.body().at("/results/1/status").asInt()).isEqualTo(201);

    Reply conversation = api.get(base + "/conversations/" + c, shop.key());
    assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
    assertThat(conversation.text("lastInboundAt")).isEqualTo("2025-12-01T08:00:00.000Z");
    Reply list = api.get(base + "/conversations?limit=50", shop.key());
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Reply oldestFirst = api.get(messages + "?page=1&pageSize=10&order=asc", shop.key());
    assertThat(oldestFirst.status()).as(oldestFirst.toString()).isEqualTo(200);
    assertThat(oldestFirst.body().at("/messages/0/sentAt").asText())
        .isEqualTo("2000-01-01T00:00:00.000Z");
    assertThat(oldestFirst.body().path("messages")).hasSize(2);
    Reply context = api.get(base + "/conversations/" + c + "/agent-context", shop.key());
    assertThat(context.status()).as(context.toString()).isEqualTo(200);
  }

  @Test
  void aHistorySyncOpensNoFalseServiceWindowAndANewMessageOpensIt() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254755000003");
    String context = base + "/conversations/" + c + "/agent-context";
    assertThat(api.get(context, shop.key()).body().path("serviceWindow").toString())
        .isEqualTo("{\"open\":false,\"expiresAt\":null}");
    Reply sync =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"old\","
                + "\"sentAt\":\"2025-12-01T08:00:00Z\"},{\"conversationId\":\""
                + c
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"older\","
                + "\"sentAt\":\"2025-11-01T08:00:00Z\"}]}");
    assertThat(sync.status()).isEqualTo(200);
    Reply conversation = api.get(base + "/conversations/" + c, shop.key());
    assertThat(conversation.text("lastInboundAt")).isEqualTo("2025-12-01T08:00:00.000Z");
    Reply synced = api.get(context, shop.key());
    assertThat(synced.body().at("/serviceWindow/open").asBoolean()).isFalse();
    assertThat(synced.body().at("/serviceWindow/expiresAt").asText())
        .isEqualTo("2025-12-02T08:00:00.000Z");
    Reply fresh =
        api.post(
            base + "/conversations/" + c + "/messages",
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"nipo\"}");
    Reply open = api.get(context, shop.key());
    assertThat(open.body().at("/serviceWindow/open").asBoolean()).isTrue();
    assertThat(Instant.parse(open.body().at("/serviceWindow/expiresAt").asText()))
        .isEqualTo(Instant.parse(fresh.text("sentAt")).plus(Duration.ofHours(24)));
    assertThat(open.body().at("/conversation/lastInboundAt").asText())
        .isEqualTo(fresh.text("sentAt"));
    assertThat(api.get(context, shop.key()).queryCount())
        .as("the window comes from the conversation the warm context holds")
        .isZero();
  }
}
