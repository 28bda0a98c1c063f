package io.parley.domain.port.in;

import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.TenantId;
import java.util.List;

/** Finds a tenant's customers by address or id, and lists a customer's conversations. */
public interface FindCustomersUseCase {
  /** Customers with this address on any channel (none, one, or one per channel). */
  List<CustomerProfile> byAddress(TenantId tenant, String address);

  /**
   * @throws io.parley.domain.model.NotFoundException when absent or another tenant's
   */
  CustomerProfile get(TenantId tenant, CustomerId customer);

  /**
   * The customer's conversations, most recently updated first.
   *
   * @throws io.parley.domain.model.NotFoundException when the customer is absent
   */
  ListConversationsUseCase.Listing conversations(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit);
}
