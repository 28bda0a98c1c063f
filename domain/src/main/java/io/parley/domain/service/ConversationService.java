package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Texts;
import io.parley.domain.port.in.FindCustomersUseCase;
import io.parley.domain.port.in.GetConversationUseCase;
import io.parley.domain.port.in.ListConversationsUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import io.parley.domain.port.in.UpdateConversationUseCase;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.ConversationStore.ConversationChanges;
import io.parley.domain.port.out.ConversationStore.NewConversation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/** Starts, reads, updates and lists conversations. */
public final class ConversationService
    implements StartConversationUseCase,
        FindCustomersUseCase,
        GetConversationUseCase,
        UpdateConversationUseCase,
        ListConversationsUseCase {
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final int MAX_SUMMARY = 20_000;
  private static final int MAX_KEY_FACTS = 100;
  private static final int MAX_KEY_FACT = 1_000;

  private final ConversationStore conversations;
  private final Clock clock;

  public ConversationService(ConversationStore conversations, Clock clock) {
    this.conversations = conversations;
    this.clock = clock;
  }

  @Override
  public StartedConversation start(StartConversationUseCase.Command command) {
    if (command.channel() == null || !CHANNEL.matcher(command.channel()).matches()) {
      throw new InvalidInputException(
          "channel", "must be 1 to 32 lowercase letters, digits or underscores, e.g. whatsapp");
    }
    io.parley.domain.model.Addresses.require("customer.address", command.address());
    Texts.requireOptional("customer.name", command.customerName(), 200);
    Texts.requireOptional("customer.language", command.language(), 16);
    NewConversation conversation =
        new NewConversation(
            new ConversationId(Ids.next(clock)),
            new CustomerId(Ids.next(clock)),
            command.channel(),
            command.address(),
            command.customerName(),
            command.language(),
            now());
    StartedConversation started = conversations.startOrResume(command.tenant(), conversation);
    return new StartedConversation(started.conversation().asOf(clock.instant()), started.created());
  }

  @Override
  public Conversation get(TenantId tenant, ConversationId id) {
    return conversations
        .find(tenant, id)
        .map(c -> c.asOf(clock.instant()))
        .orElseThrow(() -> new NotFoundException("conversation"));
  }

  @Override
  public Conversation update(UpdateConversationUseCase.Command command) {
    Texts.requireOptional("summary", command.summary(), MAX_SUMMARY);
    List<String> facts = command.keyFacts();
    if (facts != null) {
      if (facts.size() > MAX_KEY_FACTS) {
        throw new InvalidInputException(
            "keyFacts", "must have at most " + MAX_KEY_FACTS + " items");
      }
      for (String fact : facts) {
        Texts.require("keyFacts[]", fact, MAX_KEY_FACT);
      }
    }
    validate(command.status(), command.handoff());
    ConversationChanges changes =
        new ConversationChanges(command.status(), command.summary(), facts, command.handoff());
    Instant now = now();
    return conversations
        .update(command.tenant(), command.id(), changes, now)
        .map(c -> c.asOf(now))
        .orElseThrow(() -> new NotFoundException("conversation"));
  }

  /** Status and handoff in one PATCH must agree: status handoff exactly while one is active. */
  private void validate(ConversationStatus status, Conversation.HandoffChange handoff) {
    if (handoff == null) {
      return;
    }
    if (status != null && handoff.active() != (status == ConversationStatus.HANDOFF)) {
      throw new InvalidInputException(
          "status",
          handoff.active()
              ? "must be handoff (or absent) when a handoff starts"
              : "must not be handoff when the handoff ends");
    }
    if (handoff.active()) {
      Texts.requireOptional("handoff.assignee", handoff.assignee(), 200);
      Texts.requireOptional("handoff.reason", handoff.reason(), 200);
      if (handoff.until() != null && !handoff.until().isAfter(clock.instant())) {
        throw new InvalidInputException("handoff.until", "must be in the future");
      }
    } else if (handoff.assignee() != null || handoff.reason() != null || handoff.until() != null) {
      throw new InvalidInputException("handoff", "ending a handoff takes only {\"active\": false}");
    }
  }

  @Override
  public Listing list(Query query) {
    requirePositive(query.limit());
    return listing(
        conversations.list(query.tenant(), query.status(), query.after(), query.limit() + 1),
        query.limit());
  }

  @Override
  public List<CustomerProfile> byAddress(TenantId tenant, String address) {
    io.parley.domain.model.Addresses.require("address", address);
    return conversations.customersByAddress(tenant, address);
  }

  @Override
  public CustomerProfile get(TenantId tenant, CustomerId customer) {
    return conversations
        .customer(tenant, customer)
        .orElseThrow(() -> new NotFoundException("customer"));
  }

  @Override
  public Listing conversations(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit) {
    requirePositive(limit);
    get(tenant, customer);
    return listing(conversations.listOfCustomer(tenant, customer, after, limit + 1), limit);
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit", "must be at least 1");
    }
  }

  /** A page of at most {@code limit} from one more fetched, and where the next page starts. */
  private Listing listing(List<Conversation> found, int limit) {
    Instant now = clock.instant();
    List<Conversation> fetched = found.stream().map(c -> c.asOf(now)).toList();
    if (fetched.size() <= limit) {
      return new Listing(fetched, null);
    }
    List<Conversation> shown = fetched.subList(0, limit);
    Conversation last = shown.get(shown.size() - 1);
    return new Listing(shown, new ConversationListPosition(last.updatedAt(), last.id()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
