package io.parley.domain.fakes;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** In-memory customers, conversations and messages, behaving as the PostgreSQL adapters do. */
public final class InMemoryConversations
    implements ConversationStore, MessageStore, ConversationHistory {
  private final TenantStore tenants;
  private final Map<String, Customer> customers = new HashMap<>();
  private final Map<CustomerId, Instant> customerCreated = new HashMap<>();
  private final Map<CustomerId, TenantId> customerTenant = new HashMap<>();
  private final Map<ConversationId, Conversation> conversations = new HashMap<>();
  private final Map<ConversationId, List<Message>> messages = new HashMap<>();
  private final Map<ConversationId, Long> lastSeq = new HashMap<>();
  private final List<ConversationId> changed = new ArrayList<>();
  private final List<ConversationId> forgotten = new ArrayList<>();
  private final Map<String, Message> byProviderId = new HashMap<>();
  private final Map<String, Map.Entry<Delivery, Instant>> held = new HashMap<>();

  public InMemoryConversations(TenantStore tenants) {
    this.tenants = tenants;
  }

  @Override
  public synchronized StartedConversation startOrResume(TenantId tenant, NewConversation c) {
    if (tenants.find(tenant).isEmpty()) {
      throw new NotFoundException("tenant");
    }
    String customerKey = tenant + "/" + c.channel() + "/" + c.address();
    Customer known = customers.get(customerKey);
    Customer customer =
        new Customer(
            known == null ? c.customerId() : known.id(),
            c.channel(),
            c.address(),
            c.customerName() != null || known == null ? c.customerName() : known.name(),
            c.language() != null || known == null ? c.language() : known.language());
    customers.put(customerKey, customer);
    customerCreated.putIfAbsent(customer.id(), c.now());
    customerTenant.putIfAbsent(customer.id(), tenant);
    Optional<Conversation> active = activeOf(tenant, customer);
    if (active.isPresent()) {
      Conversation existing = active.get();
      Conversation refreshed = withCustomer(existing, customer);
      conversations.put(existing.id(), refreshed);
      return new StartedConversation(refreshed, false);
    }
    Conversation created =
        new Conversation(
            c.id(),
            tenant,
            c.channel(),
            ConversationStatus.OPEN,
            customer,
            0,
            null,
            List.of(),
            c.now(),
            c.now());
    conversations.put(c.id(), created);
    messages.put(c.id(), new ArrayList<>());
    return new StartedConversation(created, true);
  }

  private Optional<Conversation> activeOf(TenantId tenant, Customer customer) {
    return conversations.values().stream()
        .filter(v -> v.tenantId().equals(tenant) && v.customer().id().equals(customer.id()))
        .filter(v -> v.status().isActive())
        .findFirst();
  }

  @Override
  public synchronized Optional<Conversation> find(TenantId tenant, ConversationId id) {
    return Optional.ofNullable(conversations.get(id)).filter(c -> c.tenantId().equals(tenant));
  }

  @Override
  public synchronized Optional<Conversation> update(
      TenantId tenant, ConversationId id, ConversationChanges changes, Instant now) {
    Optional<Conversation> found = find(tenant, id);
    if (found.isEmpty()) {
      return found;
    }
    Conversation c = found.get();
    Conversation next =
        c.changed(
            changes.status(),
            changes.handoff(),
            now,
            tenants.settings(tenant).map(TenantSettings::handoffIdleMinutes).orElse(null));
    ConversationStatus status = next.status();
    if (status.isActive() && !c.status().isActive() && activeOf(tenant, c.customer()).isPresent()) {
      throw new ConflictException(
          "the customer already has an active conversation on this channel");
    }
    Conversation updated =
        new Conversation(
            c.id(),
            c.tenantId(),
            c.channel(),
            status,
            c.customer(),
            c.messageCount(),
            changes.summary() == null ? c.summary() : changes.summary(),
            changes.keyFacts() == null ? c.keyFacts() : changes.keyFacts(),
            c.createdAt(),
            later(c.updatedAt(), now),
            c.lastInboundAt(),
            next.handoff());
    conversations.put(id, updated);
    return Optional.of(updated);
  }

  @Override
  public synchronized List<Conversation> list(
      TenantId tenant, ConversationStatus status, ConversationListPosition after, int limit) {
    Comparator<Conversation> newestFirst =
        Comparator.comparing(Conversation::updatedAt).thenComparing(c -> c.id().value()).reversed();
    return conversations.values().stream()
        .filter(c -> c.tenantId().equals(tenant))
        .filter(c -> status == null || c.asOf(Instant.now()).status() == status)
        .filter(c -> after == null || isAfter(c, after))
        .sorted(newestFirst)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<CustomerProfile> customersByAddress(TenantId tenant, String address) {
    return customers.values().stream()
        .filter(u -> u.address().equals(address) && tenant.equals(customerTenant.get(u.id())))
        .map(u -> profile(tenant, u))
        .toList();
  }

  @Override
  public synchronized Optional<CustomerProfile> customer(TenantId tenant, CustomerId id) {
    return customers.values().stream()
        .filter(u -> u.id().equals(id) && tenant.equals(customerTenant.get(u.id())))
        .findFirst()
        .map(u -> profile(tenant, u));
  }

  private CustomerProfile profile(TenantId tenant, Customer customer) {
    List<Conversation> theirs = ofCustomer(tenant, customer.id()).toList();
    Instant created = customerCreated.get(customer.id());
    Instant lastSeen =
        theirs.stream()
            .map(Conversation::updatedAt)
            .reduce(created, (a, b) -> a.isAfter(b) ? a : b);
    return new CustomerProfile(customer, theirs.size(), created, lastSeen);
  }

  private java.util.stream.Stream<Conversation> ofCustomer(TenantId tenant, CustomerId customer) {
    return conversations.values().stream()
        .filter(c -> c.tenantId().equals(tenant) && c.customer().id().equals(customer));
  }

  @Override
  public synchronized List<Conversation> listOfCustomer(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit) {
    Comparator<Conversation> newestFirst =
        Comparator.comparing(Conversation::updatedAt).thenComparing(c -> c.id().value()).reversed();
    return ofCustomer(tenant, customer)
        .filter(c -> after == null || isAfter(c, after))
        .sorted(newestFirst)
        .limit(limit)
        .toList();
  }

  private static boolean isAfter(Conversation c, ConversationListPosition after) {
    int byTime = c.updatedAt().compareTo(after.updatedAt());
    return byTime < 0 || byTime == 0 && c.id().value().compareTo(after.id().value()) < 0;
  }

  @Override
  public synchronized List<Optional<AppendedMessage>> appendAll(
      TenantId tenant, List<NewMessage> batch) {
    List<Optional<AppendedMessage>> outcomes = new ArrayList<>();
    for (NewMessage m : batch) {
      try {
        outcomes.add(Optional.of(append(tenant, m)));
      } catch (NotFoundException missing) {
        outcomes.add(Optional.empty());
      }
    }
    return outcomes;
  }

  @Override
  public synchronized AppendedMessage append(TenantId tenant, NewMessage m) {
    if (m.providerMessageId() != null) {
      Message earlier = byProviderId.get(tenant + "/" + m.providerMessageId());
      if (earlier != null) {
        return new AppendedMessage(earlier, false);
      }
    }
    Conversation c =
        find(tenant, m.conversationId()).orElseThrow(() -> new NotFoundException("conversation"));
    List<Message> list = messages.get(c.id());
    Message stored =
        new Message(
            m.id(),
            c.id(),
            lastSeq.merge(c.id(), 1L, Long::sum),
            m.direction(),
            m.type(),
            m.text(),
            m.payloadJson(),
            m.providerMessageId(),
            m.createdAt(),
            m.sentOrCreatedAt(),
            null);
    Map.Entry<Delivery, Instant> waiting =
        m.providerMessageId() == null ? null : held.remove(tenant + "/" + m.providerMessageId());
    if (waiting != null && waiting.getValue().isAfter(m.createdAt())) {
      stored = stored.withDelivery(waiting.getKey());
    }
    list.add(stored);
    if (m.providerMessageId() != null) {
      byProviderId.put(tenant + "/" + m.providerMessageId(), stored);
    }
    Conversation appended = c.withMessageAppended(stored);
    if (m.type() == io.parley.domain.model.MessageType.MANUAL_OUTBOUND) {
      appended =
          appended.withAgentMessage(
              stored.sentAt(),
              m.createdAt(),
              tenants.settings(tenant).map(TenantSettings::handoffIdleMinutes).orElse(null));
    }
    conversations.put(c.id(), appended);
    return new AppendedMessage(stored, true);
  }

  @Override
  public synchronized List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    List<Optional<Message>> outcomes = new ArrayList<>();
    for (StatusReport report : reports) {
      String key = tenant + "/" + report.providerMessageId();
      Message message = byProviderId.get(key);
      if (message == null) {
        Map.Entry<Delivery, Instant> before = held.get(key);
        Delivery standing =
            before == null || !before.getValue().isAfter(now)
                ? report.delivery()
                : Delivery.standing(before.getKey(), report.delivery());
        held.put(key, Map.entry(standing, heldUntil));
        outcomes.add(Optional.empty());
        continue;
      }
      Message updated = message.withDelivery(report.delivery());
      byProviderId.put(key, updated);
      messages
          .get(updated.conversationId())
          .replaceAll(m -> m.seq() == updated.seq() ? updated : m);
      outcomes.add(Optional.of(updated));
    }
    for (int i = 0; i < reports.size(); i++) {
      outcomes.set(
          i, outcomes.get(i).map(m -> byProviderId.get(tenant + "/" + m.providerMessageId())));
    }
    return outcomes;
  }

  @Override
  public synchronized Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    if (find(tenant, conversation).isEmpty()) {
      return Optional.empty();
    }
    Stream<Message> matching = filtered(conversation, filter, position.newestFirst());
    if (position instanceof HistoryPosition.Before before) {
      matching = matching.filter(m -> m.seq() < before.seq());
    } else if (position instanceof HistoryPosition.After after) {
      matching = matching.filter(m -> m.seq() > after.seq());
    }
    List<Message> page = matching.limit(limit + 1L).toList();
    boolean hasMore = page.size() > limit;
    return Optional.of(new HistorySlice(hasMore ? page.subList(0, limit) : page, hasMore));
  }

  @Override
  public synchronized Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    Optional<Conversation> found = find(tenant, conversation);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<Message> newest =
        new ArrayList<>(filtered(conversation, filter, true).limit(limit).toList());
    java.util.Collections.reverse(newest);
    return Optional.of(new ConversationWindow(found.get(), newest));
  }

  @Override
  public synchronized Optional<HistoryPage> readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst) {
    if (find(tenant, conversation).isEmpty()) {
      return Optional.empty();
    }
    List<Message> all = filtered(conversation, filter, !oldestFirst).toList();
    List<Message> shown = all.stream().skip((long) (page - 1) * pageSize).limit(pageSize).toList();
    return Optional.of(new HistoryPage(shown, all.size()));
  }

  private Stream<Message> filtered(
      ConversationId conversation, MessageFilter filter, boolean newestFirst) {
    Comparator<Message> bySeq = Comparator.comparingLong(Message::seq);
    return messages.get(conversation).stream()
        .filter(m -> filter.matches(m.type(), m.direction()))
        .sorted(newestFirst ? bySeq.reversed() : bySeq);
  }

  private static Conversation withCustomer(Conversation c, Customer customer) {
    return new Conversation(
        c.id(),
        c.tenantId(),
        c.channel(),
        c.status(),
        customer,
        c.messageCount(),
        c.summary(),
        c.keyFacts(),
        c.createdAt(),
        c.updatedAt(),
        c.lastInboundAt(),
        c.handoff());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public synchronized void changed(TenantId tenant, ConversationId conversation) {
    changed.add(conversation);
  }

  @Override
  public synchronized void forget(TenantId tenant, List<ConversationId> conversations) {
    forgotten.addAll(conversations);
  }

  /** The conversations whose cached copies were to be forgotten ({@link #forget}), in order. */
  public synchronized List<ConversationId> forgottenConversations() {
    return List.copyOf(forgotten);
  }

  /** The conversations whose cached copies were to be dropped ({@link #changed}), in order. */
  public synchronized List<ConversationId> changedConversations() {
    return List.copyOf(changed);
  }

  // What the erasure, tenant-removal and retention fakes do to these rows (package-visible).

  /** The tenant's conversations (also of a tenant marked removed), by id. */
  synchronized List<Conversation> allOf(TenantId tenant) {
    return conversations.values().stream()
        .filter(c -> c.tenantId().equals(tenant))
        .sorted(Comparator.comparing(c -> c.id().value()))
        .toList();
  }

  /** The conversation's oldest stored message, or null. */
  synchronized Message oldestMessage(ConversationId conversation) {
    List<Message> list = messages.getOrDefault(conversation, List.of());
    return list.isEmpty() ? null : list.get(0);
  }

  /**
   * Deletes up to {@code limit} of the conversation's oldest messages, stopping at the first one
   * {@code doomed} refuses; {@code counted}: whether the conversation's counters follow (a trim) or
   * not (an erasure, whose conversation goes too). How many it deleted.
   */
  synchronized int deleteOldestMessages(
      TenantId tenant,
      ConversationId conversation,
      int limit,
      java.util.function.Predicate<Message> doomed,
      boolean counted) {
    Optional<Conversation> found = find(tenant, conversation);
    if (found.isEmpty()) {
      return 0;
    }
    List<Message> list = messages.get(conversation);
    int deleted = 0;
    while (deleted < limit && !list.isEmpty() && doomed.test(list.get(0))) {
      Message gone = list.remove(0);
      if (gone.providerMessageId() != null) {
        byProviderId.remove(tenant + "/" + gone.providerMessageId());
      }
      deleted++;
    }
    if (counted && deleted > 0) {
      Conversation c = found.get();
      conversations.put(conversation, withCount(c, c.messageCount() - deleted));
    }
    return deleted;
  }

  /** Deletes the conversation (its messages with it); false when it was not there. */
  synchronized boolean deleteConversation(TenantId tenant, ConversationId conversation) {
    if (find(tenant, conversation).isEmpty()) {
      return false;
    }
    deleteOldestMessages(tenant, conversation, Integer.MAX_VALUE, m -> true, false);
    conversations.remove(conversation);
    messages.remove(conversation);
    lastSeq.remove(conversation);
    return true;
  }

  /** Deletes the customer, when {@code onlyUnused}: only if no conversation of theirs is left. */
  synchronized void deleteCustomer(TenantId tenant, CustomerId customer, boolean onlyUnused) {
    if (onlyUnused && ofCustomer(tenant, customer).findAny().isPresent()) {
      return;
    }
    customers
        .values()
        .removeIf(u -> u.id().equals(customer) && tenant.equals(customerTenant.get(u.id())));
  }

  /** Deletes up to {@code limit} of the tenant's held statuses, else of its customers; how many. */
  synchronized int deleteCustomers(TenantId tenant, int limit) {
    String prefix = tenant + "/"; // both maps' keys start with the tenant
    Map<String, ?> table =
        held.keySet().stream().anyMatch(k -> k.startsWith(prefix)) ? held : customers;
    List<String> doomed =
        table.keySet().stream().filter(k -> k.startsWith(prefix)).limit(limit).toList();
    doomed.forEach(table::remove);
    return doomed.size();
  }

  /** Marks the conversation dormant (the retention pass: its updatedAt stays). */
  synchronized void markDormant(ConversationId conversation) {
    conversations.computeIfPresent(
        conversation, (id, c) -> c.with(ConversationStatus.DORMANT, null));
  }

  private static Conversation withCount(Conversation c, long messageCount) {
    return new Conversation(
        c.id(),
        c.tenantId(),
        c.channel(),
        c.status(),
        c.customer(),
        messageCount,
        c.summary(),
        c.keyFacts(),
        c.createdAt(),
        c.updatedAt(),
        c.lastInboundAt(),
        c.handoff());
  }
}
