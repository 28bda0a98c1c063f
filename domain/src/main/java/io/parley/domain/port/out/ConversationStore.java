package io.parley.domain.port.out;

import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores customers and their conversations. */
public interface ConversationStore {
  /**
   * Returns the customer's active conversation on the channel, or creates the customer (if new) and
   * a conversation with the given ids. Safe under concurrent calls for one customer.
   *
   * @throws NotFoundException when the tenant does not exist
   */
  StartedConversation startOrResume(TenantId tenant, NewConversation conversation);

  Optional<Conversation> find(TenantId tenant, ConversationId id);

  /**
   * Applies the changes that are present and moves {@code updatedAt}; empty when absent.
   *
   * @throws ConflictException when reopening would give the customer two active conversations
   */
  Optional<Conversation> update(
      TenantId tenant, ConversationId id, ConversationChanges changes, Instant now);

  /**
   * Conversations most recently updated first, optionally of one status as it stands at the read (a
   * handoff that ended by itself counts as the status it returned to), starting after the given
   * position; at most {@code limit} of them.
   */
  List<Conversation> list(
      TenantId tenant, ConversationStatus status, ConversationListPosition after, int limit);

  /** The tenant's customers with exactly this address, on any channel. */
  List<CustomerProfile> customersByAddress(TenantId tenant, String address);

  Optional<CustomerProfile> customer(TenantId tenant, CustomerId id);

  /** One customer's conversations, most recently updated first, after the given position. */
  List<Conversation> listOfCustomer(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit);

  /** What a new conversation (and maybe a new customer) is made of. */
  record NewConversation(
      ConversationId id,
      CustomerId customerId,
      String channel,
      String address,
      String customerName,
      String language,
      Instant now) {}

  /**
   * The fields a PATCH may change; null means leave it. Status and handoff are applied together as
   * {@link Conversation#changed} relates them, to the conversation as it stands at the update.
   */
  record ConversationChanges(
      ConversationStatus status,
      String summary,
      List<String> keyFacts,
      Conversation.HandoffChange handoff) {
    public ConversationChanges(ConversationStatus status, String summary, List<String> keyFacts) {
      this(status, summary, keyFacts, null);
    }
  }
}
