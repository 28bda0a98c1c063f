package io.parley.application.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.testing.TestServers;
import io.parley.adapters.webhook.Receiver;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.JarProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 27's proof: 10,000 events across 50 conversations while the instance delivering them is
 * killed with SIGKILL mid-stream and another keeps going. Every stored message's event reaches the
 * receiver at least once, a duplicate carries the same event id, each conversation's events arrive
 * in order, and retried deliveries of the same provider message (rolled back) log nothing.
 */
class WebhooksKilledInstanceIT {
  private static final String ADMIN = "webhook-kill-admin-key-0123456789";
  private static final int CONVERSATIONS = 50;
  private static final int BATCHES = 200;

  @Test
  void everyEventArrivesInOrderPerConversationThoughItsDelivererWasKilled() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (Receiver receiver = new Receiver();
        JarProcess first =
            new JarProcess(
                Map.of(
                    "DATABASE_URL",
                    database.jdbcUrl(),
                    "REDIS_URL",
                    TestServers.redis().url(),
                    "PARLEY_ADMIN_KEY",
                    ADMIN,
                    "PARLEY_WEBHOOKS_ALLOW_PRIVATE",
                    "true",
                    "PARLEY_WEBHOOKS_HTTP_HOSTS",
                    "127.0.0.1"))) {
      Reply tenant =
          first.api.post("/v1/tenants", ADMIN, "{\"name\":\"W\",\"slug\":\"webhook-kill\"}");
      String key = tenant.text("apiKey");
      String base = "/v1/tenants/" + tenant.text("id");
      Reply webhook =
          first.api.post(
              base + "/webhooks",
              key,
              "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message.created\"]}");
      assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);
      List<String> conversations = new ArrayList<>();
      for (int c = 0; c < CONVERSATIONS; c++) {
        conversations.add(Fixtures.start(first.api, base, key, "+2547100" + (10000 + c)));
      }
      // The second instance starts after the first has taken the webhook's lease.
      try (ExternalApp second =
          new ExternalApp(
              database.jdbcUrl(),
              TestServers.redis().url(),
              "api.adminKey",
              ADMIN,
              "webhooks.allowPrivate",
              "true")) {
        for (int b = 0; b < BATCHES / 2; b++) {
          assertThat(
                  first.api.post(base + "/messages/batch", key, batch(conversations, b)).status())
              .isEqualTo(200);
          if (b % 10 == 9) { // a provider retrying a batch: stored already, no event
            first.api.post(base + "/messages/batch", key, batch(conversations, b));
          }
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> receiver.received().size() >= 1000); // mid-stream
        CompletableFuture<Reply> inFlight =
            CompletableFuture.supplyAsync(
                () ->
                    first.api.post(
                        base + "/messages/batch", key, batch(conversations, BATCHES / 2)));
        Thread.sleep(5);
        first.kill();
        try {
          inFlight.join();
        } catch (RuntimeException cutOff) {
          // the batch may or may not have committed: what counts is what PostgreSQL holds
        }
        for (int b = BATCHES / 2 + 1; b < BATCHES; b++) {
          assertThat(
                  second.api.post(base + "/messages/batch", key, batch(conversations, b)).status())
              .isEqualTo(200);
        }

        Set<String> stored = storedMessageIds(database);
        assertThat(stored.size()).isGreaterThanOrEqualTo((BATCHES - 1) * CONVERSATIONS);
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> messageIds(receiver.received()).containsAll(stored));

        List<Receiver.Received> received = receiver.received();
        assertThat(messageIds(received)).as("no event for what was not stored").isEqualTo(stored);
        Map<String, String> eventOfMessage = new HashMap<>();
        Map<String, List<Long>> firstArrivals = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Receiver.Received r : received) {
          String message = r.json().at("/data/messageId").asText();
          String earlier = eventOfMessage.putIfAbsent(message, r.eventId());
          assertThat(earlier == null || earlier.equals(r.eventId()))
              .as("a redelivery of %s keeps its event id", message)
              .isTrue();
          if (seen.add(r.eventId())) {
            firstArrivals
                .computeIfAbsent(r.json().get("conversationId").asText(), c -> new ArrayList<>())
                .add(r.json().at("/data/seq").asLong());
          }
        }
        assertThat(firstArrivals).hasSize(CONVERSATIONS);
        firstArrivals.forEach((conversation, seqs) -> assertThat(seqs).as(conversation).isSorted());
        System.out.printf(
            "webhooks IT: %d messages stored, %d deliveries received (%d duplicates)%n",
            stored.size(), received.size(), received.size() - seen.size());
      }
    }
  }

  private static String batch(List<String> conversations, int b) {
    StringBuilder json = new StringBuilder("{\"messages\":[");
    for (int c = 0; c < conversations.size(); c++) {
      json.append(c == 0 ? "" : ",")
          .append("{\"conversationId\":\"")
          .append(conversations.get(c))
          .append("\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"m")
          .append(b)
          .append("\",\"providerMessageId\":\"wamid.")
          .append(b)
          .append('.')
          .append(c)
          .append("\"}");
    }
    return json.append("]}").toString();
  }

  private static Set<String> messageIds(List<Receiver.Received> received) {
    Set<String> ids = new HashSet<>();
    received.forEach(r -> ids.add(r.json().at("/data/messageId").asText()));
    return ids;
  }

  private static Set<String> storedMessageIds(TestServers.TestDatabase database) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM messages")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
