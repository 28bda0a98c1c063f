package io.parley.domain.model;

import java.util.List;

/** One numbered page of messages and how many messages pass the filter in all. */
public record HistoryPage(List<Message> messages, long totalMessages) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
