package io.parley.adapters.cache;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;

/**
 * A change every instance's caches must reflect: what kind of entry, whose, which one, and the
 * version that replaced it (0 where a kind has none). Each cached port names its own kind and
 * registers what it does with one (see {@link Coherence}).
 */
public record Invalidation(String kind, String tenant, String subject, long version) {
  public static final String REFERENCE_CONTEXT = "ref";
  public static final String API_KEY = "key";
  public static final String CATALOG = "catalog";
  public static final String TENANT = "tenant";
  public static final String WINDOW = "window";

  /** A conversation erased or removed: every cached thing of it goes. */
  public static final String CONVERSATION_GONE = "gone";

  /** The conversation erased or removed, past every version of anything cached of it. */
  public static Invalidation conversationGone(TenantId tenant, ConversationId conversation) {
    return new Invalidation(
        CONVERSATION_GONE, tenant.toString(), conversation.toString(), Long.MAX_VALUE);
  }
}
