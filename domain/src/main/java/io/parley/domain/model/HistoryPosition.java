package io.parley.domain.model;

/** Where a keyset history read starts: the newest messages, or either side of a known seq. */
public sealed interface HistoryPosition {
  /** The newest messages, newest first. */
  record Newest() implements HistoryPosition {}

  /** Messages older than {@code seq}, newest first. */
  record Before(long seq) implements HistoryPosition {}

  /** Messages newer than {@code seq}, oldest first. */
  record After(long seq) implements HistoryPosition {}

  default boolean newestFirst() {
    return !(this instanceof After);
  }
}
