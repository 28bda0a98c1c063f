package io.parley.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.ApiClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A handoff changed on one instance is what the other instance's next agent context says, every
 * time: the bot on any instance stops (and resumes) at once.
 */
class HandoffTwoInstancesTest {
  private static final int ROUNDS = 1_000;

  @Test
  void aHandoffPatchedOnOneInstanceIsInTheOthersNextAgentContext() {
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
    }
  }
}
