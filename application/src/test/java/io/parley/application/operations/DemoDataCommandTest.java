package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.TestableParley;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** demo-data on a small run: the data is there, consistent, and the printed key works. */
class DemoDataCommandTest {
  @Test
  void loadsConsistentDataAndPrintsAWorkingKey() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    String yaml =
        Files.readString(Path.of("..", "config.yml"))
            .replace("${DATABASE_URL:-embedded}", database.jdbcUrl())
            .replace("${REDIS_URL:-embedded}", "none");
    Path config = Files.createTempFile("parley-demo", ".yml");
    Files.writeString(config, yaml);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      new TestableParley()
          .run(
              "demo-data",
              config.toString(),
              "--tenants",
              "3",
              "--conversations",
              "30",
              "--messages-per-conversation",
              "120",
              "--products",
              "300");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("Loaded 3 tenants, 30 conversations, 3,600 messages")
        .contains("curl -s");
    Matcher tour =
        Pattern.compile("/v1/tenants/([0-9a-f-]{36})/conversations/([0-9a-f-]{36})/messages")
            .matcher(output);
    Matcher key = Pattern.compile("API key \\(shown once\\): (prl_\\S+)").matcher(output);
    assertThat(tour.find()).isTrue();
    assertThat(key.find()).isTrue();

    try (ExternalApp app = new ExternalApp(database.jdbcUrl(), "none")) {
      String path = "/v1/tenants/" + tour.group(1) + "/conversations/" + tour.group(2);
      Reply conversation = app.api.get(path, key.group(1));
      Reply numbered =
          app.api.get(path + "/messages?page=1&pageSize=200&includeSystem=true", key.group(1));
      Reply appended =
          app.api.post(
              path + "/messages",
              key.group(1),
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"habari\"}");
      Reply products =
          app.api.get("/v1/tenants/" + tour.group(1) + "/catalog/products?limit=1", key.group(1));

      assertThat(conversation.body().path("messageCount").asLong()).isEqualTo(120);
      assertThat(numbered.body().path("totalMessages").asLong()).isEqualTo(120);
      assertThat(numbered.body().path("messages")).hasSize(120);
      assertThat(appended.body().path("seq").asLong()).isEqualTo(121);
      assertThat(products.body().path("products")).hasSize(1);
      Matcher showcase =
          Pattern.compile("(/v1/tenants/[0-9a-f-]{36}/conversations/[0-9a-f-]{36})/agent-context")
              .matcher(output.substring(output.indexOf("human handoff")));
      assertThat(showcase.find()).isTrue();
      Reply shown = app.api.get(showcase.group(1) + "/agent-context", key.group(1));
      assertThat(shown.body().path("botShouldReply").asBoolean()).isFalse();
      assertThat(shown.body().at("/handoff/reason").asText()).isEqualTo("agent_message");
      assertThat(shown.body().at("/serviceWindow/open").asBoolean()).isTrue();
      assertThat(shown.body().at("/recentMessages/1/deliveryStatus").asText()).isEqualTo("read");
      assertThat(shown.body().at("/recentMessages/2/deliveryStatus").asText())
          .as("held, then applied by its append")
          .isEqualTo("delivered");
    }
  }
}
