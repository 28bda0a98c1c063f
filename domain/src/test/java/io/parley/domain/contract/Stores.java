package io.parley.domain.contract;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Ids;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.ConversationStore;
import io.parley.domain.port.out.ConversationStore.NewConversation;
import io.parley.domain.port.out.MessageStore;
import io.parley.domain.port.out.MessageStore.NewMessage;
import io.parley.domain.port.out.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The store ports under contract test, and builders of the rows the tests need. */
public record Stores(
    TenantStore tenants,
    ApiKeyStore keys,
    ConversationStore conversations,
    MessageStore messages,
    ConversationHistory history) {

  private static final Clock CLOCK = Clock.systemUTC();

  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public TenantId newTenant() {
    TenantId id = new TenantId(Ids.next(CLOCK));
    Tenant tenant = new Tenant(id, "Shop " + id, "shop-" + id.value(), now());
    tenants.create(tenant, newKey(id, "first", ApiKeyScope.MANAGE));
    return id;
  }

  public static ApiKey newKey(TenantId tenant, String secret) {
    return newKey(tenant, secret, ApiKeyScope.BOT);
  }

  public static ApiKey newKey(TenantId tenant, String secret, ApiKeyScope scope) {
    return new ApiKey(
        new ApiKeyId(Ids.next(CLOCK)), tenant, "key", scope, KeyHash.of(secret + tenant), now());
  }

  public ConversationId newConversation(TenantId tenant, String address) {
    return conversations.startOrResume(tenant, newConversationOf(address)).conversation().id();
  }

  public static NewConversation newConversationOf(String address) {
    return newConversationOf(address, now());
  }

  public static NewConversation newConversationOf(String address, Instant at) {
    return new NewConversation(
        new ConversationId(Ids.next(CLOCK)),
        new CustomerId(Ids.next(CLOCK)),
        "whatsapp",
        address,
        "Amina",
        "sw",
        at);
  }

  public static NewMessage message(ConversationId conversation, MessageType type, String text) {
    return messageWithProviderId(conversation, type, text, null);
  }

  public static NewMessage messageWithProviderId(
      ConversationId conversation, MessageType type, String text, String providerMessageId) {
    Direction direction = type == MessageType.CUSTOMER_INBOUND ? Direction.IN : Direction.OUT;
    return new NewMessage(
        new MessageId(Ids.next(CLOCK)),
        conversation,
        direction,
        type,
        text,
        null,
        providerMessageId,
        now());
  }
}
