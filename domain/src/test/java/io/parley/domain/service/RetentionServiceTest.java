package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryStores;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.Ids;
import io.parley.domain.model.ListType;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.RetentionReport;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.out.ConversationStore.ConversationChanges;
import io.parley.domain.port.out.MessageStore.NewMessage;
import io.parley.domain.port.out.ReferenceContextStore.NewReferenceContext;
import io.parley.domain.port.out.RetentionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The retention pass against the in-memory stores, on a clock the test moves. */
class RetentionServiceTest {
  private static final Duration GRACE = Duration.ofDays(1);
  private static final Duration LEASE_TTL = Duration.ofMinutes(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  private final InMemoryStores fakes = InMemoryStores.create(clock);
  private final Stores stores = fakes.stores();
  private final RetentionService service = instance("a");
  private final TenantId tenant = stores.newTenant();

  private RetentionService instance(String holder) {
    return new RetentionService(
        fakes.retention(),
        fakes.conversations(),
        fakes.referenceContexts(),
        clock,
        GRACE,
        2,
        holder,
        LEASE_TTL);
  }

  private Instant ago(Duration age) {
    return clock.instant().minus(age);
  }

  private void settings(Integer messageDays, Integer closedDays, Integer dormantHours) {
    fakes.tenants().saveSettings(tenant, new TenantSettings(messageDays, closedDays, dormantHours));
  }

  private ConversationId conversation(TenantId owner, String address, Instant at) {
    return stores
        .conversations()
        .startOrResume(owner, Stores.newConversationOf(address, at))
        .conversation()
        .id();
  }

  private void message(TenantId owner, ConversationId conversation, Instant at) {
    stores
        .messages()
        .append(
            owner,
            new NewMessage(
                new MessageId(Ids.next(clock)),
                conversation,
                Direction.IN,
                MessageType.CUSTOMER_INBOUND,
                "hello",
                null,
                null,
                at));
  }

  private List<Long> seqs(TenantId owner, ConversationId conversation) {
    return stores
        .history()
        .readSlice(owner, conversation, MessageFilter.DEFAULT, new HistoryPosition.After(0), 100)
        .orElseThrow()
        .messages()
        .stream()
        .map(Message::seq)
        .toList();
  }

  @Test
  void messagesPastMessageDaysAreTrimmedOldestFirstAndTheWindowDropped() {
    settings(30, null, null);
    ConversationId conversation = conversation(tenant, "+254700000601", ago(Duration.ofDays(40)));
    for (int i = 0; i < 3; i++) {
      message(tenant, conversation, ago(Duration.ofDays(40)));
    }
    message(tenant, conversation, ago(Duration.ofDays(29)));
    TenantId keepsAll = stores.newTenant();
    ConversationId kept = conversation(keepsAll, "+254700000602", ago(Duration.ofDays(40)));
    message(keepsAll, kept, ago(Duration.ofDays(40)));

    RetentionReport report = service.runPass().orElseThrow();

    assertThat(report.messages()).isEqualTo(3);
    assertThat(seqs(tenant, conversation)).containsExactly(4L);
    assertThat(stores.conversations().find(tenant, conversation).orElseThrow().messageCount())
        .isEqualTo(1);
    assertThat(fakes.conversations().changedConversations()).containsExactly(conversation);
    assertThat(seqs(keepsAll, kept)).as("no messageDays: kept forever").containsExactly(1L);
  }

  @Test
  void closedConversationsPastClosedDaysAreRemovedAndForgotten() {
    settings(null, 7, null);
    ConversationId old = conversation(tenant, "+254700000603", ago(Duration.ofDays(20)));
    message(tenant, old, ago(Duration.ofDays(20)));
    ConversationId recent = conversation(tenant, "+254700000604", ago(Duration.ofDays(20)));
    ConversationId open = conversation(tenant, "+254700000605", ago(Duration.ofDays(20)));
    close(old, ago(Duration.ofDays(8)));
    close(recent, ago(Duration.ofDays(6)));
    var customer = stores.conversations().find(tenant, old).orElseThrow().customer().id();

    RetentionReport report = service.runPass().orElseThrow();

    assertThat(report.conversations()).isEqualTo(1);
    assertThat(report.messages()).isEqualTo(1);
    assertThat(stores.conversations().find(tenant, old)).isEmpty();
    assertThat(stores.conversations().customer(tenant, customer)).as("their last one").isEmpty();
    assertThat(fakes.referenceContexts().forgotten()).containsExactly(old);
    assertThat(fakes.conversations().forgottenConversations()).containsExactly(old);
    assertThat(stores.conversations().find(tenant, recent)).isPresent();
    assertThat(stores.conversations().find(tenant, open)).isPresent();
  }

  private void close(ConversationId conversation, Instant at) {
    stores
        .conversations()
        .update(
            tenant,
            conversation,
            new ConversationChanges(ConversationStatus.CLOSED, null, null),
            at);
  }

  @Test
  void openConversationsIdlePastDormantHoursBecomeDormantInAsManyBatchesAsNeeded() {
    settings(null, null, 24);
    List<ConversationId> idle =
        List.of(
            conversation(tenant, "+254700000606", ago(Duration.ofHours(30))),
            conversation(tenant, "+254700000607", ago(Duration.ofHours(30))),
            conversation(tenant, "+254700000608", ago(Duration.ofHours(30))));
    ConversationId active = conversation(tenant, "+254700000609", ago(Duration.ofHours(23)));

    RetentionReport report = service.runPass().orElseThrow();

    assertThat(report.dormantConversations()).isEqualTo(3);
    for (ConversationId id : idle) {
      assertThat(stores.conversations().find(tenant, id).orElseThrow().status())
          .isEqualTo(ConversationStatus.DORMANT);
    }
    assertThat(stores.conversations().find(tenant, active).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
    assertThat(fakes.conversations().changedConversations())
        .containsExactlyInAnyOrderElementsOf(idle);
  }

  @Test
  void aContextVersionIsPurgedOnlyOnceTheGraceHasPassedSinceItEnded() {
    ConversationId conversation = conversation(tenant, "+254700000610", ago(Duration.ofDays(5)));
    save(conversation, ago(Duration.ofDays(3)), Duration.ofMinutes(5)); // expired 3 days ago
    save(conversation, ago(Duration.ofDays(2)), Duration.ofDays(5)); // superseded an hour ago
    save(conversation, ago(Duration.ofHours(1)), Duration.ofDays(5)); // the active one

    RetentionReport report = service.runPass().orElseThrow();

    assertThat(report.referenceContexts()).isEqualTo(1);
    assertThat(fakes.referenceContexts().quoted(tenant, conversation, "wamid.2"))
        .as("still retained for a quoted reply")
        .isInstanceOf(io.parley.domain.model.QuotedContextLookup.Shown.class);
    clock.advance(GRACE);
    assertThat(service.runPass().orElseThrow().referenceContexts()).isEqualTo(1);
  }

  private int saved;

  private void save(ConversationId conversation, Instant at, Duration ttl) {
    saved++;
    fakes
        .referenceContexts()
        .save(
            tenant,
            new NewReferenceContext(
                UUID.randomUUID(),
                conversation,
                ListType.PRODUCTS,
                List.of(),
                at,
                at.plus(ttl),
                "wamid." + saved));
  }

  @Test
  void onePassAtATimeAcrossInstancesAndTheLastSuccessIsRemembered() {
    settings(30, null, null);
    ConversationId conversation = conversation(tenant, "+254700000611", ago(Duration.ofDays(40)));
    message(tenant, conversation, ago(Duration.ofDays(40)));
    fakes.retention().acquireLease(RetentionService.LEASE, "b", LEASE_TTL);

    assertThat(service.runPass()).as("b holds the lease").isEmpty();
    assertThat(seqs(tenant, conversation)).containsExactly(1L);
    assertThat(service.lastSuccessfulPass()).isEmpty();

    clock.advance(LEASE_TTL.plusSeconds(1)); // b died: its lease expires
    assertThat(service.runPass()).isPresent();

    assertThat(seqs(tenant, conversation)).isEmpty();
    assertThat(service.lastSuccessfulPass()).contains(clock.instant());
    assertThat(instance("b").runPass()).as("a released the lease").isPresent();
  }

  @Test
  void aPassWhoseLeaseAnotherInstanceTookStopsBeforeTheNextTenant() {
    TenantId other = stores.newTenant();
    Map<TenantId, ConversationId> conversations = new HashMap<>();
    for (TenantId owner : List.of(tenant, other)) {
      fakes.tenants().saveSettings(owner, new TenantSettings(30, null, null));
      conversations.put(owner, conversation(owner, "+254700000612", ago(Duration.ofDays(40))));
      message(owner, conversations.get(owner), ago(Duration.ofDays(40)));
    }
    RetentionService stalled = overSlowStore(); // the first tenant outlasts the lease

    assertThat(stalled.runPass())
        .as("the pass stopped when it found b holding the lease")
        .isEmpty();

    assertThat(fakes.retention().lastSuccess(RetentionService.LEASE)).isEmpty();
    long untouched =
        conversations.entrySet().stream()
            .filter(entry -> !seqs(entry.getKey(), entry.getValue()).isEmpty())
            .count();
    assertThat(untouched).as("the second tenant's messages wait for b's pass").isEqualTo(1);
  }

  @Test
  void aPassWhoseLeaseAnotherInstanceTookWithinOneTenantStopsThere() {
    settings(30, null, null);
    List<ConversationId> conversations = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      conversations.add(conversation(tenant, "+25470000062" + i, ago(Duration.ofDays(40))));
      message(tenant, conversations.get(i), ago(Duration.ofDays(40)));
    }
    RetentionService stalled = overSlowStore();

    assertThat(stalled.runPass())
        .as("the pass stopped when it found b holding the lease")
        .isEmpty();

    assertThat(conversations.stream().filter(c -> !seqs(tenant, c).isEmpty()).count())
        .as("the conversations after the takeover wait for b's pass")
        .isEqualTo(3);
    assertThat(fakes.retention().lastSuccess(RetentionService.LEASE)).isEmpty();
  }

  /** A pass over a store whose first trim outlasts the lease, which instance b then takes. */
  private RetentionService overSlowStore() {
    RetentionStore store = fakes.retention();
    AtomicBoolean takenOver = new AtomicBoolean();
    RetentionStore slow =
        (RetentionStore)
            Proxy.newProxyInstance(
                RetentionStore.class.getClassLoader(),
                new Class<?>[] {RetentionStore.class},
                (proxy, method, args) -> {
                  Object result = invoke(method, store, args);
                  if (method.getName().equals("trimMessages")
                      && takenOver.compareAndSet(false, true)) {
                    clock.advance(LEASE_TTL.plusSeconds(1));
                    assertThat(store.acquireLease(RetentionService.LEASE, "b", LEASE_TTL)).isTrue();
                  }
                  return result;
                });
    return new RetentionService(
        slow, fakes.conversations(), fakes.referenceContexts(), clock, GRACE, 2, "a", LEASE_TTL);
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
