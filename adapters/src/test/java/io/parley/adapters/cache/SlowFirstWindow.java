package io.parley.adapters.cache;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL's history, whose first window read is held after it was read until {@code release}: a
 * slow reader, for races with writes.
 */
final class SlowFirstWindow implements ConversationHistory {
  private final ConversationHistory history;
  private final CountDownLatch read;
  private final CountDownLatch release;
  private final AtomicBoolean first = new AtomicBoolean(true);

  SlowFirstWindow(ConversationHistory history, CountDownLatch read, CountDownLatch release) {
    this.history = history;
    this.read = read;
    this.release = release;
  }

  @Override
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    Optional<ConversationWindow> window = history.recentWindow(tenant, conversation, filter, limit);
    if (first.getAndSet(false)) {
      read.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return window;
  }

  @Override
  public Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    return history.readSlice(tenant, conversation, filter, position, limit);
  }

  @Override
  public Optional<HistoryPage> readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst) {
    return history.readPage(tenant, conversation, filter, page, pageSize, oldestFirst);
  }
}
