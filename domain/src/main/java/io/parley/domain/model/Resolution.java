package io.parley.domain.model;

import java.util.List;
import java.util.UUID;

/** What a customer's words refer to in the list last shown. */
public sealed interface Resolution {
  /** How a resolved item was identified. */
  enum MatchedBy {
    NUMBER,
    ORDINAL,
    RELATIVE,
    TITLE
  }

  /** Exactly one item. */
  record Resolved(UUID contextId, ReferenceItem item, MatchedBy matchedBy) implements Resolution {}

  /** Several items fit the description. */
  record Ambiguous(UUID contextId, List<ReferenceItem> candidates) implements Resolution {
    public Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** A position past the end of the list (or before its start). */
  record OutOfRange(UUID contextId, int position) implements Resolution {}

  /** The words refer to no item. */
  record NotAReference(UUID contextId) implements Resolution {}

  /** The conversation has no active list. */
  record NoContext() implements Resolution {}
}
