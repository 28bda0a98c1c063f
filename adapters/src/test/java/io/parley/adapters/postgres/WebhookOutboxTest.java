package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The outbox's blocked deliveries on a real PostgreSQL, with no relay running: each step is called
 * by the test, so the interleavings that matter can be forced.
 */
class WebhookOutboxTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final Jdbi JDBI = DATABASE.jdbi();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(JDBI);
  private static final Stores STORES = TestServers.stores(POSTGRES);
  private static final String HOLDER = "worker-a";

  private final TenantId tenant = STORES.newTenant();
  private final UUID webhook = webhook(tenant);
  private final ConversationId conversation = STORES.newConversation(tenant, "+254755000001");
  private final WebhookOutbox outbox = POSTGRES.webhookOutbox();
  private final WebhookOutbox.Target target =
      new WebhookOutbox.Target(tenant, webhook, URI.create("http://127.0.0.1:9/"), false, "s");

  @Test
  void aFanOutDecidingWhileAFailedDeliveryIsReleasedWaitsForItAndLeavesNothingBlocked()
      throws Exception {
    append("m1");
    outbox.fanOut(1000);
    JDBI.useHandle(
        h ->
            h.execute(
                "UPDATE webhook_deliveries SET status = 'failed', attempts = 1"
                    + " WHERE webhook_id = ?",
                webhook));
    append("m2");

    // The failed one is delivered as delivered() records it: marked, its queue locked, what was
    // blocked behind it released (nothing yet); not committed yet when the fan-out decides m2.
    CompletableFuture<Void> fanOut;
    try (Handle releasing = JDBI.open()) {
      releasing.begin();
      releasing.execute(
          "UPDATE webhook_deliveries SET status = 'delivered', attempts = 2 WHERE webhook_id = ?",
          webhook);
      WebhookOutbox.lockQueues(releasing, List.of(webhook), List.of(conversation.toString()));
      releasing.execute(
          "UPDATE webhook_deliveries SET status = 'pending' WHERE webhook_id = ?"
              + " AND status = 'blocked'",
          webhook);
      fanOut = CompletableFuture.runAsync(() -> outbox.fanOut(1000));
      Thread.sleep(500); // time for a fan-out that does not wait to decide and commit
      releasing.commit();
    }
    fanOut.get(10, TimeUnit.SECONDS);

    assertThat(statuses()).containsExactly("delivered", "pending");
  }

  @Test
  void aFailureRecordedByAWorkerWhoseLeaseRanOutChangesNothing() {
    append("m1");
    append("m2");
    outbox.fanOut(1000);
    lease("worker-b");
    WebhookOutbox.Due first = due();

    outbox.failed(target, HOLDER, first, "HTTP 500", Instant.now().plusSeconds(60), false);

    assertThat(statuses()).containsExactly("pending", "pending");
    lease(HOLDER);
    outbox.failed(target, HOLDER, first, "HTTP 500", Instant.now().plusSeconds(60), false);
    assertThat(statuses()).containsExactly("failed", "blocked");
  }

  private void append(String text) {
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, text));
  }

  private void lease(String holder) {
    JDBI.useHandle(
        h ->
            h.execute(
                "UPDATE webhooks SET lease_holder = ?, lease_until = now() + interval '1 minute'"
                    + " WHERE id = ?",
                holder,
                webhook));
  }

  private WebhookOutbox.Due due() {
    return JDBI.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, queue FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id"
                        + " LIMIT 1")
                .bind(0, webhook)
                .map(
                    (rs, ctx) ->
                        new WebhookOutbox.Due(
                            rs.getLong("id"),
                            rs.getString("queue"),
                            0,
                            null,
                            null,
                            "message.created",
                            null,
                            null,
                            null,
                            null))
                .one());
  }

  private List<String> statuses() {
    return JDBI.withHandle(
        h ->
            h.createQuery("SELECT status FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id")
                .bind(0, webhook)
                .mapTo(String.class)
                .list());
  }

  private static UUID webhook(TenantId tenant) {
    UUID id = Ids.next(Clock.systemUTC());
    POSTGRES
        .webhooks()
        .create(
            tenant,
            new Webhook(
                id,
                URI.create("http://127.0.0.1:9/"),
                List.of(WebhookEvent.MESSAGE_CREATED),
                false,
                Instant.now().minus(Duration.ofMinutes(1))),
            "s",
            10)
        .orElseThrow();
    return id;
  }
}
