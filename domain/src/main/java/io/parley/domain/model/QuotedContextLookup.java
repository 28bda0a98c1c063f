package io.parley.domain.model;

import java.time.Instant;

/**
 * What the store of record holds of the list an outbound message showed: the conversation is
 * absent, or no version it holds was shown by that message, or this version was (the newest such),
 * with when a newer version superseded it (null while none has). Whether Parley still retains it is
 * decided at read time against the retention grace.
 */
public sealed interface QuotedContextLookup {
  /** No such conversation for this tenant. */
  record ConversationAbsent() implements QuotedContextLookup {}

  /** The conversation holds no version shown by that message. */
  record NotShown() implements QuotedContextLookup {}

  /** The version that message showed, and when a newer one superseded it (null: none has). */
  record Shown(ReferenceContext context, Instant supersededAt) implements QuotedContextLookup {}
}
