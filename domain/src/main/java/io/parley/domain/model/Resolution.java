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
    TITLE,
    /** Words of the description or the attributes, beyond the title. */
    ATTRIBUTE,
    /** The cheapest, the dearest, or a stated price. */
    PRICE,
    /** What remained once the refused items were taken away. */
    NEGATION,
    /** More than one item chosen ("2 and 5", "the first three", "zote"). */
    SEVERAL,
    /** The interactive list row or button the customer tapped; the text is not read. */
    SELECTION
  }

  /** One chosen item and how many of it the customer asked for (null: not said). */
  record Selection(ReferenceItem item, Integer quantity) {}

  /**
   * The customer chose: {@code selections} in the order said; {@code item} is the first (the one
   * item of the first edition's answer).
   */
  record Resolved(UUID contextId, List<Selection> selections, MatchedBy matchedBy)
      implements Resolution {
    public Resolved {
      selections = List.copyOf(selections);
      if (selections.isEmpty()) {
        throw new IllegalArgumentException("a resolution selects at least one item");
      }
    }

    /** One item, no quantity. */
    public Resolved(UUID contextId, ReferenceItem item, MatchedBy matchedBy) {
      this(contextId, List.of(new Selection(item, null)), matchedBy);
    }

    public ReferenceItem item() {
      return selections.get(0).item();
    }
  }

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

  /** The conversation has no active list (or none held for the quoted message). */
  record NoContext() implements Resolution {}
}
