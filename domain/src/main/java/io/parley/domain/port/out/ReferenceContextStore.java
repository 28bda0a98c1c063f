package io.parley.domain.port.out;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stores each conversation's reference contexts as numbered versions; reads the newest. */
public interface ReferenceContextStore {
  /**
   * Stores the context as the conversation's next version, superseding the current one.
   *
   * @throws NotFoundException when the conversation does not exist for the tenant
   */
  ReferenceContext save(TenantId tenant, NewReferenceContext context);

  /** The conversation's newest context (expired or not), or that it has none, or is absent. */
  ContextLookup lookup(TenantId tenant, ConversationId conversation);

  /**
   * The newest version of the conversation's contexts that the outbound message {@code
   * providerMessageId} showed, however old, read from the store of record: a quoted reply names an
   * older list than any cache holds, so caches pass this through.
   */
  QuotedContextLookup quoted(
      TenantId tenant, ConversationId conversation, String providerMessageId);

  /**
   * Forgets whatever is cached of conversations that no longer exist (erased, or removed by
   * retention), in every tier and on every instance, so no older read can put it back. A store of
   * record has nothing to do and says so itself: abstract, so a caching decorator cannot leave it
   * out by mistake.
   */
  void forget(TenantId tenant, List<ConversationId> conversations);

  /**
   * A context to store; its version is assigned by the store. {@code providerMessageId}: the
   * outbound message that showed it, or null.
   */
  record NewReferenceContext(
      UUID id,
      ConversationId conversationId,
      ListType listType,
      List<ReferenceItem> items,
      Instant createdAt,
      Instant expiresAt,
      String providerMessageId) {}
}
