package io.parley.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.WebhookJdbiAdapter;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Webhook;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookEvent;
import io.parley.domain.port.out.ConversationStore.ConversationChanges;
import io.parley.domain.port.out.MessageStore.StatusReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook outbox end to end on a real PostgreSQL and a real HTTP receiver on loopback: events
 * written by the writes' own transactions, fanned out and delivered signed, in order per
 * conversation, retried, dead-lettered, replayed, taken over when an instance dies, and scrubbed by
 * an erasure.
 */
class WebhookRelayTest {
  private static final String SECRET = "whsec_test";
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final Jdbi JDBI = DATABASE.jdbi();
  private static final PostgresAdapters POSTGRES = new PostgresAdapters(JDBI);
  private static final Stores STORES = TestServers.stores(POSTGRES);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  void everyWriteReachesTheReceiverSignedAndInOrderPerConversation() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.values());
    List<ConversationId> conversations = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      conversations.add(STORES.newConversation(tenant, "+2547000000" + c));
    }
    for (int i = 0; i < 10; i++) {
      for (ConversationId conversation : conversations) {
        STORES
            .messages()
            .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "hi " + i));
      }
    }
    String providerId = "wamid." + UUID.randomUUID();
    STORES
        .messages()
        .append(
            tenant,
            Stores.messageWithProviderId(
                conversations.get(0), MessageType.BOT_RESPONSE, "the list", providerId));
    STORES
        .messages()
        .applyStatuses(
            tenant,
            List.of(
                new StatusReport(
                    providerId, new Delivery(DeliveryStatus.READ, Instant.now(), null, null))),
            Instant.now(),
            Instant.now().plusSeconds(60));
    STORES
        .conversations()
        .update(
            tenant,
            conversations.get(1),
            new ConversationChanges(ConversationStatus.HANDOFF, null, null),
            Instant.now());
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));

    // 31 messages, 1 status, the handoff: conversation.updated and handoff.started
    awaitSettled(tenant, webhook, receiver, 34);
    List<Receiver.Received> received = receiver.received();
    assertThat(types(received)).hasSize(34);
    Map<String, List<Long>> seqs = new HashMap<>();
    for (Receiver.Received r : received) {
      assertThat(signatureValid(r)).as("signature of " + r.eventId()).isTrue();
      assertThat(r.json().get("id").asText()).isEqualTo(r.eventId());
      assertThat(r.json().get("tenantId").asText()).isEqualTo(tenant.toString());
      assertThat(r.json().get("data").has("text"))
          .as("no content without includeContent")
          .isFalse();
      if (r.json().get("type").asText().equals("message.created")) {
        seqs.computeIfAbsent(r.json().get("conversationId").asText(), k -> new ArrayList<>())
            .add(r.json().get("data").get("seq").asLong());
      }
    }
    assertThat(seqs).hasSize(3);
    seqs.values().forEach(list -> assertThat(list).isSorted().doesNotHaveDuplicates());
    assertThat(types(received))
        .contains("message.status", "conversation.updated", "handoff.started");
    JsonNode status = ofType(received, "message.status").get(0).json().get("data");
    assertThat(status.get("status").asText()).isEqualTo("read");
    assertThat(status.get("providerMessageId").asText()).isEqualTo(providerId);
  }

  @Test
  void aRolledBackChangeLogsNoEvent() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254711111111");
    String providerId = "wamid." + UUID.randomUUID();
    // The second append of a provider id rolls its transaction back (a retried delivery).
    for (int i = 0; i < 2; i++) {
      STORES
          .messages()
          .append(
              tenant,
              Stores.messageWithProviderId(
                  conversation, MessageType.CUSTOMER_INBOUND, "once", providerId));
    }
    JDBI.useTransaction(
        handle -> {
          handle.execute(
              "UPDATE conversations SET status = 'closed' WHERE tenant_id = ? AND id = ?",
              tenant.value(),
              conversation.value());
          handle.rollback();
        });
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "last"));
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));

    awaitSettled(tenant, webhook, receiver, 2);
    assertThat(types(receiver.received())).containsExactly("message.created", "message.created");
    assertThat(eventRows(tenant)).isEqualTo(2);
  }

  @Test
  void onlyEventsOfATypeSomeWebhookOfTheTenantTakesAreWritten() {
    TenantId tenant = STORES.newTenant();
    ConversationId conversation = STORES.newConversation(tenant, "+254711111112");
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "before"));
    setStatus(tenant, conversation, "closed");
    assertThat(eventRows(tenant)).as("no webhook: no event is written").isZero();

    webhook(tenant, receiver(), false, WebhookEvent.CONVERSATION_UPDATED);
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "after"));
    setStatus(tenant, conversation, "open");

    assertThat(eventRows(tenant))
        .as("only the conversation.updated the webhook takes")
        .isEqualTo(1);
  }

  private static void setStatus(TenantId tenant, ConversationId conversation, String status) {
    JDBI.useHandle(
        handle ->
            handle.execute(
                "UPDATE conversations SET status = ? WHERE tenant_id = ? AND id = ?",
                status,
                tenant.value(),
                conversation.value()));
  }

  @Test
  void aFailingEventIsRetriedThenDeadLetteredAndNoLongerHoldsBackItsConversation() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254722222222");
    for (int i = 1; i <= 3; i++) {
      STORES
          .messages()
          .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    receiver.answer(event -> event.get("data").get("seq").asLong() == 1 ? 500 : 200);
    relay("a", Duration.ofSeconds(1), Duration.ofSeconds(1));

    // Held back while seq 1 is retried, then delivered in order once seq 1 is dead.
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 2);
    assertThat(receiver.received().stream().map(r -> r.json().get("data").get("seq").asLong()))
        .containsExactly(2L, 3L);
    List<Long> posted =
        receiver.posts().stream().map(p -> p.get("data").get("seq").asLong()).toList();
    assertThat(posted.lastIndexOf(1L))
        .as("every try of seq 1 came before seq 2 was first sent: %s", posted)
        .isLessThan(posted.indexOf(2L));
    assertThat(posted.stream().filter(seq -> seq == 1L).count()).isGreaterThan(1);
    List<WebhookDelivery> dead =
        webhooks().deliveries(tenant, webhook, WebhookDelivery.State.DEAD, null, 10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).attempts()).isGreaterThan(1);
    assertThat(dead.get(0).lastError()).isEqualTo("HTTP 500 from the receiver");
    assertThat(webhooks().deliveries(tenant, webhook, WebhookDelivery.State.DELIVERED, null, 10))
        .hasSize(2);

    // A replay since then sends the dead one and the delivered ones again, in order, same ids.
    receiver.answer(event -> 200);
    awaitRecorded(tenant, webhook, 2);
    List<String> firstIds = receiver.received().stream().map(Receiver.Received::eventId).toList();
    assertThat(webhooks().replay(tenant, webhook, Instant.now().minusSeconds(600), Instant.now()))
        .isEqualTo(3);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 5);
    List<Receiver.Received> replayed = receiver.received().subList(2, 5);
    assertThat(replayed.stream().map(r -> r.json().get("data").get("seq").asLong()))
        .containsExactly(1L, 2L, 3L);
    assertThat(replayed.stream().map(Receiver.Received::eventId)).containsAll(firstIds);
  }

  @Test
  void deliveriesBehindAFailedOneWaitBlockedAlsoWhenOneRacedWithTheFailure() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254722222223");
    receiver.answer(
        event ->
            event.get("conversationId").asText().equals(conversation.toString())
                    && event.get("data").get("seq").asLong() == 1
                ? 500
                : 200);
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m1"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !webhooks()
                    .deliveries(tenant, webhook, WebhookDelivery.State.FAILED, null, 1)
                    .isEmpty());
    for (int i = 2; i <= 3; i++) {
      STORES
          .messages()
          .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> statuses(webhook).size() == 3);
    assertThat(statuses(webhook)).containsExactly("failed", "blocked", "blocked");
    assertThat(webhooks().deliveries(tenant, webhook, WebhookDelivery.State.PENDING, null, 10))
        .as("listed as pending")
        .hasSize(2);
    // The third as a fan-out that raced with the failure left it: pending behind the failed one,
    // which is not due for an hour; a round runs (another conversation's event is delivered).
    JDBI.useHandle(
        h -> {
          h.execute(
              "UPDATE webhook_deliveries SET status = 'pending' WHERE webhook_id = ? AND id ="
                  + " (SELECT max(id) FROM webhook_deliveries WHERE webhook_id = ?)",
              webhook,
              webhook);
          h.execute(
              "UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour'"
                  + " WHERE webhook_id = ? AND status = 'failed'",
              webhook);
        });
    ConversationId other = STORES.newConversation(tenant, "+254722222224");
    STORES.messages().append(tenant, Stores.message(other, MessageType.CUSTOMER_INBOUND, "x"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                receiver.received().stream()
                    .anyMatch(
                        r -> r.json().get("conversationId").asText().equals(other.toString())));
    assertThat(tries(receiver, 3L)).as("sent while seq 1 still fails").isZero();

    receiver.answer(event -> 200);
    JDBI.useHandle(
        h ->
            h.execute(
                "UPDATE webhook_deliveries SET next_attempt_at = now() WHERE webhook_id = ?"
                    + " AND status = 'failed'",
                webhook));
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 4);
    assertThat(
            receiver.received().stream()
                .filter(
                    r -> r.json().get("conversationId").asText().equals(conversation.toString()))
                .map(r -> r.json().get("data").get("seq").asLong()))
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aDeliveryLeftBlockedWithNothingFailedAheadOfItIsReleased() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254722222225");
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m1"));
    POSTGRES.webhookOutbox().fanOut(1000);
    // As an instance of a version before blocked deliveries would leave it, having delivered the
    // failed one ahead of it.
    JDBI.useHandle(
        h ->
            h.execute(
                "UPDATE webhook_deliveries SET status = 'blocked' WHERE webhook_id = ?", webhook));

    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));

    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1);
    awaitRecorded(tenant, webhook, 1); // the receiver answers before the relay records it
    assertThat(statuses(webhook)).containsExactly("delivered");
  }

  private static List<String> statuses(UUID webhook) {
    return JDBI.withHandle(
        h ->
            h.createQuery("SELECT status FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id")
                .bind(0, webhook)
                .mapTo(String.class)
                .list());
  }

  private static int tries(Receiver receiver, long seq) {
    return (int)
        receiver.posts().stream().filter(p -> p.get("data").get("seq").asLong() == seq).count();
  }

  @Test
  void aReceiverDownForAWhileGetsEverythingOnceItIsBack() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254733333333");
    receiver.stop();
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    for (int i = 1; i <= 20; i++) {
      STORES
          .messages()
          .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !webhooks()
                    .deliveries(tenant, webhook, WebhookDelivery.State.FAILED, null, 1)
                    .isEmpty());
    assertThat(
            webhooks()
                .deliveries(tenant, webhook, WebhookDelivery.State.FAILED, null, 1)
                .get(0)
                .lastError())
        .isEqualTo("connection refused or failed");
    receiver.restart();
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= 20);
    assertThat(receiver.received().stream().map(r -> r.json().get("data").get("seq").asLong()))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void anotherInstanceTakesOverWhenTheHolderDiesWithoutLettingGo() throws Exception {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254744444444");
    ScheduledExecutorService deadScheduler = Executors.newScheduledThreadPool(2);
    ExecutorService deadWorkers = Executors.newCachedThreadPool();
    WebhookRelay first =
        relay("first", Duration.ofSeconds(1), Duration.ofHours(1), deadScheduler, deadWorkers);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.heldWebhooks().contains(webhook));
    // Dies: its threads stop, its leases are not given back.
    deadScheduler.shutdownNow();
    deadWorkers.shutdownNow();
    for (int i = 1; i <= 10; i++) {
      STORES
          .messages()
          .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m" + i));
    }
    relay("second", Duration.ofSeconds(1), Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 10);
    assertThat(receiver.received().stream().map(r -> r.json().get("data").get("seq").asLong()))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 10).boxed().toList());
  }

  @Test
  void anErasureTakesTheCustomersContentOutOfEveryStoredEvent() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook =
        webhook(tenant, receiver, true, WebhookEvent.MESSAGE_CREATED, WebhookEvent.CUSTOMER_ERASED);
    ConversationId conversation = STORES.newConversation(tenant, "+254755555555");
    STORES
        .messages()
        .append(
            tenant,
            Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "my address is 12 Moi Ave"));
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 1);
    assertThat(receiver.received().get(0).json().get("data").get("text").asText())
        .isEqualTo("my address is 12 Moi Ave");

    CustomerId customer =
        STORES.conversations().find(tenant, conversation).orElseThrow().customer().id();
    UUID erasure = Ids.next(Clock.systemUTC());
    POSTGRES.erasures().begin(tenant, customer, "subject-" + erasure, erasure, Instant.now());
    POSTGRES.erasures().finish(tenant, erasure, customer, Instant.now());
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 2);
    JsonNode erased = receiver.received().get(1).json();
    assertThat(erased.get("type").asText()).isEqualTo("customer.erased");
    assertThat(erased.get("data").get("customerId").asText()).isEqualTo(customer.toString());
    awaitRecorded(tenant, webhook, 2); // a replay takes what is recorded delivered

    webhooks().replay(tenant, webhook, Instant.now().minusSeconds(600), Instant.now());
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 4);
    JsonNode replayed = ofType(receiver.received().subList(2, 4), "message.created").get(0).json();
    assertThat(replayed.get("data").has("text")).isFalse();
    assertThat(
            new String(receiver.received().get(2).body(), StandardCharsets.UTF_8)
                + new String(receiver.received().get(3).body(), StandardCharsets.UTF_8))
        .doesNotContain("Moi Ave");
  }

  @Test
  void aMessageEventHoldsTheTextOnlyWhileAWebhookOfTheTenantTakesContent() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    ConversationId conversation = STORES.newConversation(tenant, "+254755555556");
    webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "one"));
    assertThat(eventRows(tenant)).isEqualTo(1);
    assertThat(eventRowsWithContent(tenant)).as("no webhook takes content").isZero();

    webhook(tenant, receiver, true, WebhookEvent.MESSAGE_CREATED);
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "two"));
    assertThat(eventRows(tenant)).isEqualTo(2);
    assertThat(eventRowsWithContent(tenant)).as("one webhook takes content").isEqualTo(1);
  }

  @Test
  void aReceiverThatNeverAnswersDelaysOnlyItsOwnWebhook() {
    Receiver stuck = receiver();
    Receiver healthy = receiver();
    stuck.answer(
        event -> {
          sleepMillis(10_000); // longer than the sender's timeout (2 s here)
          return 200;
        });
    TenantId tenant = STORES.newTenant();
    UUID stuckHook = webhook(tenant, stuck, false, WebhookEvent.MESSAGE_CREATED);
    webhook(tenant, healthy, false, WebhookEvent.MESSAGE_CREATED);
    List<ConversationId> conversations = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      conversations.add(STORES.newConversation(tenant, "+2547770000" + (10 + c)));
    }
    relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      for (ConversationId conversation : conversations) {
        STORES
            .messages()
            .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "m"));
      }
    }
    // 60 events; the stuck receiver takes every sender thread of its own webhook for 2 s a round.
    await().atMost(Duration.ofSeconds(15)).until(() -> healthy.received().size() >= 60);
    assertThat(webhooks().deliveries(tenant, stuckHook, WebhookDelivery.State.DELIVERED, null, 10))
        .as("no answer within the timeout acknowledges nothing")
        .isEmpty();
  }

  @Test
  void whatIsDeliveredLeavesTheTablesAfterTheRetentionAndWhatIsOpenStays() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254788888888");
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "a"));
    WebhookRelay relay = relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                webhooks()
                        .deliveries(tenant, webhook, WebhookDelivery.State.DELIVERED, null, 10)
                        .size()
                    == 1);
    relay.close();
    receiver.stop();
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "b"));
    POSTGRES.webhookOutbox().fanOut(1000).events();
    JDBI.useHandle(
        h -> {
          h.execute(
              "UPDATE changes SET created_at = created_at - interval '4 days' WHERE tenant_id = ?",
              tenant.value());
          h.execute(
              "UPDATE webhook_deliveries SET created_at = created_at - interval '4 days' WHERE tenant_id = ?",
              tenant.value());
        });

    while (POSTGRES.webhookOutbox().prune(Duration.ofDays(3), 10_000) > 0) {}

    assertThat(webhooks().deliveries(tenant, webhook, null, null, 10))
        .extracting(WebhookDelivery::status)
        .containsExactly(WebhookDelivery.State.PENDING);
    assertThat(eventRows(tenant)).isEqualTo(1);
  }

  @Test
  void aTenantRemovalEndsItsWebhooksAtOnceAndDeletesThem() {
    Receiver receiver = receiver();
    TenantId tenant = STORES.newTenant();
    UUID webhook = webhook(tenant, receiver, false, WebhookEvent.MESSAGE_CREATED);
    ConversationId conversation = STORES.newConversation(tenant, "+254766666666");
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "one"));
    WebhookRelay relay = relay("a", Duration.ofSeconds(1), Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 1);

    UUID removal = Ids.next(Clock.systemUTC());
    POSTGRES.tenantRemovals().begin(tenant, "removal-" + removal, removal, Instant.now());
    await().atMost(Duration.ofSeconds(10)).until(() -> !relay.heldWebhooks().contains(webhook));
    STORES
        .messages()
        .append(tenant, Stores.message(conversation, MessageType.CUSTOMER_INBOUND, "two"));
    sleepMillis(1500);
    assertThat(receiver.received()).hasSize(1);

    JDBI.useHandle(h -> h.execute("DELETE FROM messages WHERE tenant_id = ?", tenant.value()));
    POSTGRES
        .tenantRemovals()
        .deleteConversations(tenant, removal, POSTGRES.tenantRemovals().conversations(tenant, 100));
    while (POSTGRES.tenantRemovals().deleteRest(tenant, 1000) > 0) {}
    assertThat(webhooks().list(tenant)).isEmpty();
    assertThat(eventRows(tenant)).isZero();
  }

  /**
   * Until the receiver has at least {@code count} events and the webhook has no open delivery: what
   * it received then is all it will receive (no sleep to wait for late extras).
   */
  private static void awaitSettled(TenantId tenant, UUID webhook, Receiver receiver, int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                receiver.received().size() >= count
                    && webhooks()
                        .deliveries(tenant, webhook, WebhookDelivery.State.PENDING, null, 1)
                        .isEmpty()
                    && webhooks()
                        .deliveries(tenant, webhook, WebhookDelivery.State.FAILED, null, 1)
                        .isEmpty());
  }

  /** Until the relay has recorded {@code count} deliveries of the webhook as delivered. */
  private static void awaitRecorded(TenantId tenant, UUID webhook, int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                webhooks()
                        .deliveries(tenant, webhook, WebhookDelivery.State.DELIVERED, null, 100)
                        .size()
                    >= count);
  }

  private Receiver receiver() {
    Receiver receiver = new Receiver();
    closing.add(receiver);
    return receiver;
  }

  private static WebhookJdbiAdapter webhooks() {
    return POSTGRES.webhooks();
  }

  private static UUID webhook(
      TenantId tenant, Receiver receiver, boolean includeContent, WebhookEvent... events) {
    UUID id = Ids.next(Clock.systemUTC());
    webhooks()
        .create(
            tenant,
            new Webhook(
                id,
                URI.create(receiver.url()),
                List.of(events),
                includeContent,
                Instant.now().minusSeconds(60)),
            SECRET,
            10)
        .orElseThrow();
    return id;
  }

  private WebhookRelay relay(String holder, Duration lease, Duration retryFor) {
    return relay(
        holder,
        lease,
        retryFor,
        Executors.newScheduledThreadPool(2),
        Executors.newCachedThreadPool());
  }

  private WebhookRelay relay(
      String holder,
      Duration lease,
      Duration retryFor,
      ScheduledExecutorService scheduler,
      ExecutorService workers) {
    ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
    WebhookSender sender =
        new WebhookSender(
            new PublicAddresses(Set.of("127.0.0.1"), true),
            Duration.ofSeconds(2),
            16,
            deadlines,
            Clock.systemUTC());
    WebhookRelay relay =
        new WebhookRelay(
            POSTGRES.webhookOutbox(),
            sender,
            new WebhookRelay.Settings(
                Duration.ofMillis(20),
                lease,
                retryFor,
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofDays(1),
                8,
                100),
            AdapterMetrics.none(),
            Clock.systemUTC(),
            holder + "-" + UUID.randomUUID(),
            scheduler,
            workers);
    relay.start();
    closing.add(
        () -> {
          relay.close();
          scheduler.shutdownNow();
          workers.shutdownNow();
          deadlines.shutdownNow();
          sender.close();
        });
    return relay;
  }

  private static boolean signatureValid(Receiver.Received r) {
    String[] parts = r.signature().split(",");
    long t = Long.parseLong(parts[0].substring(2));
    return parts[1].equals("v1=" + WebhookSignature.hmac(SECRET, t, r.body()))
        && Math.abs(Instant.now().getEpochSecond() - t) < 60;
  }

  private static List<String> types(List<Receiver.Received> received) {
    return received.stream().map(r -> r.json().get("type").asText()).toList();
  }

  private static List<Receiver.Received> ofType(List<Receiver.Received> received, String type) {
    return received.stream().filter(r -> r.json().get("type").asText().equals(type)).toList();
  }

  private static int eventRows(TenantId tenant) {
    return JDBI.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM changes WHERE tenant_id = ? AND event_type IS NOT NULL")
                .bind(0, tenant.value())
                .mapTo(Integer.class)
                .one());
  }

  private static int eventRowsWithContent(TenantId tenant) {
    return JDBI.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM changes WHERE tenant_id = ? AND event_type IS NOT NULL"
                        + " AND content IS NOT NULL")
                .bind(0, tenant.value())
                .mapTo(Integer.class)
                .one());
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
