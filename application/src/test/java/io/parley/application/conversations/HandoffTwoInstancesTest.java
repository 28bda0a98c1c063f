package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A handoff changed on one instance is what the other instance's next agent context says, every
 * time: the bot on any instance stops (and resumes) at once; likewise a delivery status.
 */
class HandoffTwoInstancesTest {
  private static final int ROUNDS = 1_000;

  @Test
  void aHandoffOrStatusWrittenOnOneInstanceIsInTheOthersNextAgentContext() {
    TestServers.TestDatabase database = TestServers.newDatabase();
    RedisTopology redis = RedisTopology.standalone(TestServers.redis());
    try (ExternalApp first = ExternalApp.on(database.jdbcUrl(), redis);
        ExternalApp second = ExternalApp.on(database.jdbcUrl(), redis)) {
      Reply created =
          first.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"H\",\"slug\":\"handoffs\"}");
      String tenant = created.text("id");
      String key = created.text("apiKey");
      String conversation =
          first
              .api
              .post(
                  "/v1/tenants/" + tenant + "/conversations",
                  key,
                  "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254799000001\"}}")
              .text("id");
      String path = "/v1/tenants/" + tenant + "/conversations/" + conversation;
      List<String> wrong = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        boolean active = round % 2 == 1;
        // The reader holds the window of the state before, as a busy instance would.
        if (round % 3 == 0) {
          second.api.get(path + "/agent-context", key);
        }
        Reply patched =
            first.api.patch(
                path,
                key,
                active
                    ? "{\"handoff\":{\"active\":true,\"assignee\":\"agent-" + round + "\"}}"
                    : "{\"handoff\":{\"active\":false}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        Reply context = second.api.get(path + "/agent-context", key);
        boolean botShouldReply = context.body().path("botShouldReply").asBoolean();
        boolean shown = context.body().at("/handoff/active").asBoolean();
        String assignee = context.body().at("/handoff/assignee").asText(null);
        String status = context.body().at("/conversation/status").asText();
        if (botShouldReply == active
            || shown != active
            || active != "handoff".equals(status)
            || active && !("agent-" + round).equals(assignee)) {
          wrong.add("round " + round + ": " + context.body());
        }
      }
      System.out.printf("Handoff on two instances: %d rounds, %d wrong%n", ROUNDS, wrong.size());
      assertThat(wrong).isEmpty();

      // A delivery status is a write to its conversation too: recorded on one instance, it is in
      // the other's next agent context (which held the window from before it).
      List<String> stale = new ArrayList<>();
      for (int round = 1; round <= 200; round++) {
        String providerId = "wamid.two." + round;
        first.api.post(
            path + "/messages",
            key,
            "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"r\","
                + "\"providerMessageId\":\""
                + providerId
                + "\"}");
        second.api.get(path + "/agent-context?historyLimit=1", key);
        String status = round % 2 == 0 ? "read" : "delivered";
        Reply recorded =
            first.api.post(
                "/v1/tenants/" + tenant + "/message-statuses",
                key,
                "{\"statuses\":[{\"providerMessageId\":\""
                    + providerId
                    + "\",\"status\":\""
                    + status
                    + "\",\"at\":\"2026-03-01T10:00:00Z\"}]}");
        assertThat(recorded.body().at("/results/0/status").asInt()).isEqualTo(200);
        Reply context = second.api.get(path + "/agent-context?historyLimit=1", key);
        if (!status.equals(context.body().at("/recentMessages/0/deliveryStatus").asText())) {
          stale.add("round " + round);
        }
      }
      System.out.printf("Statuses on two instances: 200 rounds, %d stale%n", stale.size());
      assertThat(stale).isEmpty();
    }
  }
}
