package io.parley.domain.model;

/**
 * What the stores know about a conversation's reference context: the conversation is absent, or it
 * exists and this is its newest context (possibly expired, possibly none ever saved). Caches hold
 * these; whether the newest one is still active is decided at read time, so no tier can serve an
 * expired context.
 */
public sealed interface ContextLookup {
  /** The version this state reflects: newer states replace older ones in every tier. */
  long version();

  /** No such conversation for this tenant. */
  record ConversationAbsent() implements ContextLookup {
    @Override
    public long version() {
      return 0;
    }
  }

  /** The conversation exists; {@code context} is its newest context, or null if it has none. */
  record Newest(ReferenceContext context) implements ContextLookup {
    @Override
    public long version() {
      return context == null ? 0 : context.version();
    }
  }
}
