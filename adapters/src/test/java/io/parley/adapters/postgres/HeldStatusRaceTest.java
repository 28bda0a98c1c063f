package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.MessageStore.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A status that arrives while its message's append is between its statement and its commit must
 * still end on the message. The order is forced: a deferred trigger keeps the append's transaction
 * open at its commit, after its last statement (pg_sleep). A single append holds the provider id's
 * status lock (changeset 28-1) there, so the status waits for its commit and finds the message; a
 * batch takes no lock, so the status is held (the message is not visible yet) and its own
 * after-commit check, which cannot see the message either, is done before the batch commits: the
 * batch's check after its commit applies it.
 */
class HeldStatusRaceTest {
  private static final TestServers.TestDatabase DATABASE = TestServers.newDatabase();
  private static final Jdbi JDBI = DATABASE.jdbi();
  private static final PostgresAdapters ADAPTERS = new PostgresAdapters(JDBI);

  @org.junit.jupiter.api.BeforeAll
  static void slowCommitTrigger() {
    JDBI.useHandle(
        handle ->
            handle.execute(
                """
                CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger AS $$
                BEGIN
                  IF NEW.provider_message_id LIKE 'wamid.slow%' THEN PERFORM pg_sleep(1.5); END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON messages
                  DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION test_slow_commit();"""));
  }

  @Test
  void aStatusHeldWhileItsAppendCommitsEndsOnTheMessage() throws Exception {
    heldWhileAppending("wamid.slow1", false);
  }

  @Test
  void aStatusHeldWhileItsBatchCommitsEndsOnTheMessage() throws Exception {
    heldWhileAppending("wamid.slow2", true);
  }

  @Test
  void aBatchOfStatusesTakesAtMost64StatusLocks() {
    // advisory locks share PostgreSQL's lock table (6,400 slots by default) until the commit, and
    // a batch holds up to 500 statuses: a tenant's provider ids share 64 locks (changeset 28-2)
    TenantId tenant = TestServers.stores(ADAPTERS).newTenant();
    int ofOneTenant =
        JDBI.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(DISTINCT parley_status_lock_key(:tenant, 'wamid.' || i))"
                            + " FROM generate_series(1, 500) AS i")
                    .bind("tenant", tenant.value())
                    .mapTo(Integer.class)
                    .one());
    assertThat(ofOneTenant).isBetween(2, 64);
  }

  @Test
  void aRetriedDeliveryAppliesAStatusLeftHeld() {
    // the state a failed after-commit check leaves: the message stored, its status still held
    Stores stores = TestServers.stores(ADAPTERS);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254700000322");
    var message =
        Stores.messageWithProviderId(conversation, MessageType.BOT_RESPONSE, "r", "wamid.left1");
    ADAPTERS.messages().append(tenant, message);
    Instant at = Stores.now();
    JDBI.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO held_statuses (tenant_id, provider_message_id, rank, at,"
                        + " expires_at) VALUES (:tenant, 'wamid.left1', 4, :at, now() + interval"
                        + " '1 hour')")
                .bind("tenant", tenant.value())
                .bind("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
                .execute());

    AppendedMessage retried = ADAPTERS.messages().append(tenant, message);

    assertThat(retried.created()).isFalse();
    assertThat(retried.message().delivery()).isNotNull();
    assertThat(retried.message().delivery().status()).isEqualTo(DeliveryStatus.READ);
  }

  private void heldWhileAppending(String providerId, boolean batch) throws Exception {
    Stores stores = TestServers.stores(ADAPTERS);
    TenantId tenant = stores.newTenant();
    ConversationId conversation = stores.newConversation(tenant, "+254700000321");

    CompletableFuture<AppendedMessage> append =
        CompletableFuture.supplyAsync(
            () -> {
              var message =
                  Stores.messageWithProviderId(
                      conversation, MessageType.BOT_RESPONSE, "r", providerId);
              return batch
                  ? ADAPTERS.messages().appendAll(tenant, List.of(message)).get(0).orElseThrow()
                  : ADAPTERS.messages().append(tenant, message);
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                JDBI.withHandle(
                    h ->
                        h.createQuery(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                                        + " AND datname = current_database()")
                                .mapTo(Integer.class)
                                .one()
                            > 0));
    Instant now = Stores.now();
    Delivery read = new Delivery(DeliveryStatus.READ, now, null, null);
    List<Optional<io.parley.domain.model.Message>> outcome =
        ADAPTERS
            .messages()
            .applyStatuses(
                tenant,
                List.of(new StatusReport(providerId, read)),
                now,
                now.plus(Duration.ofHours(1)));
    AppendedMessage appended = append.get(10, TimeUnit.SECONDS);
    assertThat(
            ADAPTERS
                .history()
                .readSlice(
                    tenant, conversation, MessageFilter.DEFAULT, new HistoryPosition.Newest(), 1)
                .orElseThrow()
                .messages()
                .get(0)
                .delivery())
        .as("the status stored on the message")
        .isEqualTo(read);
    if (batch) {
      assertThat(outcome).containsExactly(Optional.empty()); // held: the message was not visible
      assertThat(appended.message().delivery()).isEqualTo(read); // taken after the batch's commit
    } else {
      // the status waited for the append's commit under the lock, then found the message
      assertThat(outcome).hasSize(1);
      assertThat(outcome.get(0)).isPresent();
      assertThat(outcome.get(0).get().delivery()).isEqualTo(read);
      assertThat(appended.message().delivery()).isNull();
    }
  }
}
