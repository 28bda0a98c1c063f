package io.parley.adapters.redis;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The conversation store, moving a conversation's window generation after each of its writes. */
public final class WindowedConversations implements ConversationStore {
  private final ConversationStore store;
  private final MessageStore windows;

  public WindowedConversations(ConversationStore store, MessageStore windows) {
    this.store = store;
    this.windows = windows;
  }

  @Override
  public StartedConversation startOrResume(TenantId tenant, NewConversation conversation) {
    StartedConversation started = store.startOrResume(tenant, conversation);
    windows.changed(tenant, started.conversation().id());
    return started;
  }

  @Override
  public Optional<Conversation> find(TenantId tenant, ConversationId id) {
    return store.find(tenant, id);
  }

  @Override
  public Optional<Conversation> update(
      TenantId tenant, ConversationId id, ConversationChanges changes, Instant now) {
    Optional<Conversation> updated = store.update(tenant, id, changes, now);
    updated.ifPresent(c -> windows.changed(tenant, id));
    return updated;
  }

  @Override
  public List<Conversation> list(
      TenantId tenant, ConversationStatus status, ConversationListPosition after, int limit) {
    return store.list(tenant, status, after, limit);
  }

  @Override
  public List<CustomerProfile> customersByAddress(TenantId tenant, String address) {
    return store.customersByAddress(tenant, address);
  }

  @Override
  public Optional<CustomerProfile> customer(TenantId tenant, CustomerId id) {
    return store.customer(tenant, id);
  }

  @Override
  public List<Conversation> listOfCustomer(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit) {
    return store.listOfCustomer(tenant, customer, after, limit);
  }
}
