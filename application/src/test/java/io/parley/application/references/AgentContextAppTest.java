package io.parley.application.references;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.demo.LongConversation;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent context: contents, statement budgets, truncation, and a 100,000-message conversation.
 */
class AgentContextAppTest {
  private static ApiClient api;
  private static TestApp.TenantKey tenant;

  @BeforeAll
  static void setUp() {
    api = TestApp.api();
    tenant = TestApp.newTenant();
    api.sendRaw(
        "PUT",
        "/v1/tenants/" + tenant.id() + "/catalog/products",
        tenant.key(),
        """
        {"products": [{"title": "Red Sneakers", "price": "3200.00", "currency": "KES", "stock": 3},
                      {"title": "Sukari 2kg", "price": "260.00", "currency": "KES"}]}"""
            .getBytes(StandardCharsets.UTF_8));
  }

  private static String conversation() {
    return api.post(
            "/v1/tenants/" + tenant.id() + "/conversations",
            tenant.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547"
                + (System.nanoTime() % 100_000_000)
                + "\",\"name\":\"Amina\"}}")
        .text("id");
  }

  private static void say(String conversation, String direction, String type, String text) {
    Reply reply =
        api.post(
            "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/messages",
            tenant.key(),
            "{\"direction\":\""
                + direction
                + "\",\"type\":\""
                + type
                + "\",\"text\":\""
                + text
                + "\"}");
    assertThat(reply.status()).isEqualTo(201);
  }

  private static Reply agentContext(String conversation, String query) {
    return api.get(
        "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/agent-context" + query,
        tenant.key());
  }

  private static List<String> texts(JsonNode messages) {
    List<String> texts = new ArrayList<>();
    messages.forEach(m -> texts.add(m.path("text").asText()));
    return texts;
  }

  @Test
  void bringsHistoryContextAndCatalogTogetherWithinTheStatementBudget() {
    String conversation = conversation();
    say(conversation, "in", "customer_inbound", "habari");
    say(conversation, "out", "bot_response", "Karibu! Tuna viatu na sukari");
    say(conversation, "out", "system", "handoff timer reset");
    say(conversation, "in", "customer_inbound", "nataka red sneakers");
    api.sendRaw(
        "PUT",
        "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/reference-context",
        tenant.key(),
        "{\"listType\":\"products\",\"items\":[{\"id\":\"p1\",\"title\":\"Red Sneakers\"}]}"
            .getBytes(StandardCharsets.UTF_8));
    api.patch(
        "/v1/tenants/" + tenant.id() + "/conversations/" + conversation,
        tenant.key(),
        "{\"summary\":\"Wants sneakers\",\"keyFacts\":[\"size 42\"]}");

    Reply cold = agentContext(conversation, "?historyLimit=10");
    Reply warm = agentContext(conversation, "?historyLimit=10");

    JsonNode body = cold.body();
    assertThat(texts(body.path("recentMessages")))
        .containsExactly("habari", "Karibu! Tuna viatu na sukari", "nataka red sneakers");
    assertThat(body.path("summary").asText()).isEqualTo("Wants sneakers");
    assertThat(body.path("keyFacts").get(0).asText()).isEqualTo("size 42");
    assertThat(body.path("customer").path("name").asText()).isEqualTo("Amina");
    assertThat(body.path("referenceContext").path("items").get(0).path("id").asText())
        .isEqualTo("p1");
    assertThat(body.path("catalog").path("query").asText()).isEqualTo("nataka red sneakers");
    assertThat(body.path("catalog").path("products").get(0).path("title").asText())
        .isEqualTo("Red Sneakers");
    assertThat(body.path("truncated").asBoolean()).isFalse();
    assertThat(body.path("estimatedTokens").asInt()).isPositive();
    assertThat(cold.queryCount()).isLessThanOrEqualTo(3);
    // Warm: the conversation window in Redis, the reference context and suggestions cached.
    assertThat(warm.queryCount()).isZero();
  }

  @Test
  void trimsTheOldestMessagesFirstToFitTheBudget() {
    String conversation = conversation();
    for (int i = 1; i <= 30; i++) {
      say(conversation, "in", "customer_inbound", "message number " + i + " " + "x".repeat(100));
    }

    JsonNode body = agentContext(conversation, "?historyLimit=30&maxTokens=300").body();

    assertThat(body.path("truncated").asBoolean()).isTrue();
    assertThat(body.path("estimatedTokens").asInt()).isLessThanOrEqualTo(300);
    List<String> kept = texts(body.path("recentMessages"));
    assertThat(kept).isNotEmpty().hasSizeLessThan(30);
    assertThat(kept.get(kept.size() - 1)).startsWith("message number 30 ");
  }

  @Test
  void aHundredThousandMessageConversationCostsWhatATenMessageOneDoes() {
    String small = conversation();
    for (int i = 0; i < 10; i++) {
      say(small, "in", "customer_inbound", "hi " + i);
    }
    String huge = conversation();
    fillDirectly(huge, 100_000);
    // More than a window holds (50), so both read PostgreSQL: one statement either way.
    String query = "?historyLimit=60&maxTokens=200000";
    agentContext(small, query);
    agentContext(huge, query);
    // The fewest statements of three reads each: a read while this instance's cache lease is
    // being renewed checks its API key in PostgreSQL too (one more, seen in CI under load).
    long smallCost = Long.MAX_VALUE;
    long hugeCost = Long.MAX_VALUE;
    Reply hugeReply = null;
    for (int i = 0; i < 3; i++) {
      smallCost = Math.min(smallCost, agentContext(small, query).queryCount());
      hugeReply = agentContext(huge, query);
      hugeCost = Math.min(hugeCost, hugeReply.queryCount());
    }

    assertThat(hugeCost).isEqualTo(smallCost).isEqualTo(1);
    assertThat(hugeReply.body().path("recentMessages")).hasSize(60);
    assertThat(hugeReply.body().path("recentMessages").get(59).path("seq").asLong())
        .isEqualTo(100_000);
    assertThat(hugeReply.body().path("conversation").path("messageCount").asLong())
        .isEqualTo(100_000);
  }

  /**
   * 100,000 messages straight into the service's embedded database (the API would take minutes).
   */
  private static void fillDirectly(String conversation, int count) {
    var database = TestApp.support().getConfiguration().getDatabase();
    LongConversation.fill(
        Jdbi.create(
            database.getUrl(),
            database.getUser(),
            database.getPassword() == null ? "" : database.getPassword()),
        TenantId.of(tenant.id()),
        ConversationId.of(conversation),
        count);
  }
}
