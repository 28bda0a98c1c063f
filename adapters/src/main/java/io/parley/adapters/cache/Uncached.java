package io.parley.adapters.cache;

import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link WindowTier#uncached}: the stores, with no window stored anywhere. */
final class Uncached implements WindowTier {
  private final ConversationHistory history;
  private final MessageStore messages;

  Uncached(ConversationHistory history, MessageStore messages) {
    this.history = history;
    this.messages = messages;
  }

  @Override
  public Read window(TenantId tenant, ConversationId conversation) {
    return new Read(
        history.recentWindow(tenant, conversation, MessageFilter.DEFAULT, SIZE + 1), null);
  }

  @Override
  public Appended append(TenantId tenant, NewMessage message, Stored held) {
    return new Appended(messages.append(tenant, message), null);
  }

  @Override
  public Stored rebuilt(TenantId tenant, ConversationId conversation) {
    messages.changed(tenant, conversation);
    return null;
  }

  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {
    messages.forget(tenant, conversations);
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
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    return history.recentWindow(tenant, conversation, filter, limit);
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

  @Override
  public ConversationHistory primary() {
    return history.primary();
  }

  @Override
  public List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> batch) {
    return messages.appendAll(tenant, batch);
  }

  @Override
  public List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    return messages.applyStatuses(tenant, reports, now, heldUntil);
  }
}
