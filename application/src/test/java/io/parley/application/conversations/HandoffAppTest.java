package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Human handoff over the whole service: the PATCH, the status rules, agent messages, the listing.
 */
class HandoffAppTest {
  @Test
  void aHandoffHoldsTheStatusAndGivesItBack() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254788000001");
    String path = base + "/conversations/" + c;
    api.patch(path, shop.key(), "{\"status\":\"bot\"}");
    Reply started =
        api.patch(
            path,
            shop.key(),
            "{\"handoff\":{\"active\":true,\"assignee\":\"wanjiru\",\"reason\":\"refund\"}}");
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    assertThat(started.text("status")).isEqualTo("handoff");
    assertThat(started.body().at("/handoff/active").asBoolean()).isTrue();
    assertThat(started.body().at("/handoff/assignee").asText()).isEqualTo("wanjiru");
    JsonNode context = api.get(path + "/agent-context", shop.key()).body();
    assertThat(context.path("botShouldReply").asBoolean()).isFalse();
    assertThat(context.at("/handoff/reason").asText()).isEqualTo("refund");
    assertThat(listed(api, base, shop, "handoff")).contains(c);
    assertThat(listed(api, base, shop, "bot")).doesNotContain(c);

    Reply ended = api.patch(path, shop.key(), "{\"handoff\":{\"active\":false}}");
    assertThat(ended.text("status")).as("the status it had when it began").isEqualTo("bot");
    assertThat(ended.body().at("/handoff/active").asBoolean()).isFalse();
    assertThat(
            api.get(path + "/agent-context", shop.key()).body().path("botShouldReply").asBoolean())
        .isTrue();

    assertThat(
            api.patch(path, shop.key(), "{\"status\":\"handoff\"}")
                .body()
                .at("/handoff/assignee")
                .isNull())
        .isTrue();
    assertThat(
            api.patch(path, shop.key(), "{\"status\":\"closed\"}")
                .body()
                .at("/handoff/active")
                .asBoolean())
        .as("another status ends it")
        .isFalse();
    assertThat(
            api.get(path + "/agent-context", shop.key()).body().path("botShouldReply").asBoolean())
        .as("closed")
        .isFalse();

    assertThat(
            api.patch(path, shop.key(), "{\"status\":\"open\",\"handoff\":{\"active\":true}}")
                .status())
        .isEqualTo(422);
    assertThat(api.patch(path, shop.key(), "{\"handoff\":{\"assignee\":\"x\"}}").status())
        .isEqualTo(422);
    assertThat(
            api.patch(
                    path,
                    shop.key(),
                    "{\"handoff\":{\"active\":true,\"until\":\"2020-01-01T00:00:00Z\"}}")
                .status())
        .isEqualTo(422);
  }

  /** A closed conversation is not handed off, so the customer's next message starts a new one. */
  @Test
  void aClosedConversationIsNotHandedOffAndGetOrCreateStartsANewOne() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254788000009");
    String path = base + "/conversations/" + c;
    api.patch(path, shop.key(), "{\"status\":\"closed\"}");
    for (String body :
        new String[] {
          "{\"handoff\":{\"active\":true,\"assignee\":\"wanjiru\"}}", "{\"status\":\"handoff\"}"
        }) {
      Reply refused = api.patch(path, shop.key(), body);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
      assertThat(refused.text("message")).contains("handoff").contains("closed");
    }
    assertThat(api.get(path, shop.key()).text("status")).isEqualTo("closed");
    Reply again =
        api.post(
            base + "/conversations",
            shop.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254788000009\"}}");
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(again.text("id")).isNotEqualTo(c);
  }

  @Test
  void anAgentMessageStartsAHandoffThatEndsAfterTheIdleMinutes() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254788000002");
    String path = base + "/conversations/" + c;
    Reply sync =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + c
                + "\",\"direction\":\"out\",\"type\":\"manual_outbound\",\"text\":\"old reply\","
                + "\"sentAt\":\"2025-06-01T08:00:00Z\"}]}");
    assertThat(sync.body().at("/results/0/status").asInt()).isEqualTo(201);
    assertThat(api.get(path, shop.key()).text("status"))
        .as("a history sync starts no handoff")
        .isEqualTo("open");

    api.post(
        path + "/messages",
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"manual_outbound\",\"text\":\"Habari, ni Wanjiru\"}");
    Reply taken = api.get(path, shop.key());
    assertThat(taken.text("status")).isEqualTo("handoff");
    assertThat(taken.body().at("/handoff/reason").asText()).isEqualTo("agent_message");
    assertThat(
            api.get(path + "/agent-context", shop.key()).body().path("botShouldReply").asBoolean())
        .isFalse();

    // An agent message sent 2 minutes ago, with a 1-minute idle limit: over by the next read.
    Reply idle = api.patch(base, shop.key(), "{\"handoffIdleMinutes\":1}");
    assertThat(idle.status()).as(idle.toString()).isEqualTo(200);
    assertThat(idle.body().path("handoffIdleMinutes").asInt()).isEqualTo(1);
    api.post(
        path + "/messages",
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"manual_outbound\",\"text\":\"nitarudi\",\"sentAt\":\""
            + Instant.now().minus(Duration.ofMinutes(2))
            + "\"}");
    api.patch(path, shop.key(), "{\"handoff\":{\"active\":false}}");
    api.post(
        path + "/messages",
        shop.key(),
        "{\"direction\":\"out\",\"type\":\"manual_outbound\",\"text\":\"late\",\"sentAt\":\""
            + Instant.now().minus(Duration.ofMinutes(2))
            + "\"}");
    Reply after = api.get(path, shop.key());
    assertThat(after.text("status")).as("idle for longer than the limit").isEqualTo("open");
    assertThat(after.body().at("/handoff/active").asBoolean()).isFalse();
    assertThat(
            api.get(path + "/agent-context", shop.key()).body().path("botShouldReply").asBoolean())
        .isTrue();
    assertThat(listed(api, base, shop, "handoff")).doesNotContain(c);
    assertThat(listed(api, base, shop, "open")).contains(c);
  }

  @Test
  void aHandoffEndsAtItsUntilWithoutAnyWrite() throws Exception {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String c = Fixtures.start(api, base, shop.key(), "+254788000003");
    String path = base + "/conversations/" + c;
    Instant until = Instant.now().plusMillis(1500);
    api.patch(path, shop.key(), "{\"handoff\":{\"active\":true,\"until\":\"" + until + "\"}}");
    assertThat(
            api.get(path + "/agent-context", shop.key()).body().path("botShouldReply").asBoolean())
        .isFalse();
    assertThat(listed(api, base, shop, "handoff")).contains(c);
    while (Instant.now().isBefore(until.plusMillis(50))) {
      Thread.sleep(100);
    }
    JsonNode context = api.get(path + "/agent-context", shop.key()).body();
    assertThat(context.path("botShouldReply").asBoolean()).isTrue();
    assertThat(context.at("/conversation/status").asText()).isEqualTo("open");
    assertThat(listed(api, base, shop, "handoff")).doesNotContain(c);
    assertThat(listed(api, base, shop, "open")).contains(c);
  }

  static String listed(ApiClient api, String base, TestApp.TenantKey shop, String status) {
    return api.get(base + "/conversations?status=" + status + "&limit=50", shop.key())
        .body()
        .path("conversations")
        .toString();
  }
}
