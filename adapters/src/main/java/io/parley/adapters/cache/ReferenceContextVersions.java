package io.parley.adapters.cache;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;

/**
 * A shared tier that tells cheaply which reference-context version of a conversation is the newest
 * any instance acknowledged, so that a near-cache serves what it holds only when nothing newer was
 * written anywhere (issue 12: a read includes every write acknowledged before it began, on any
 * instance). The invalidation bus alone would leave the milliseconds before its message arrives.
 */
public interface ReferenceContextVersions {
  /** The newest version, or -1 when it cannot be told (then the near-cache reads through). */
  long newest(TenantId tenant, ConversationId conversation);
}
