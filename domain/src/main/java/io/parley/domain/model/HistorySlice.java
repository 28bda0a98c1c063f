package io.parley.domain.model;

import java.util.List;

/** Messages read by keyset, in the order asked for, and whether more lie beyond the last one. */
public record HistorySlice(List<Message> messages, boolean hasMore) {
  public HistorySlice {
    messages = List.copyOf(messages);
  }
}
