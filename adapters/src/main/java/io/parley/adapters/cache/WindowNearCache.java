package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.adapters.AdapterMetrics;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The in-process tier (L1) of the conversation windows: the windows the tier below stored, decoded,
 * served under this instance's lease with no round trip, bounded by their estimated heap bytes. A
 * write of a conversation drops its window here before the write starts, so no read that began
 * before it can install an older one, and installs the window the write left stored only when no
 * other change of the conversation came meanwhile; another instance's write drops it through {@link
 * Coherence} before that write is acknowledged.
 */
public final class WindowNearCache implements ConversationHistory, MessageStore {
  private final WindowTier tier;
  private final AdapterMetrics metrics;

  /** Keyed by {@code <tenant>:<conversation>}. */
  private final LeasedEntries<String, WindowTier.Stored> held;

  /**
   * The windows {@code tier} stores, held here within the {@code windows} bound of {@code settings}
   * (estimated heap bytes, from their JSON).
   */
  public WindowNearCache(WindowTier tier, NearCacheSettings settings, Coherence coherence) {
    this.tier = tier;
    this.metrics = settings.metrics();
    this.held =
        new LeasedEntries<>(
            Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes().applyAsLong("windows"))
                .<String, WindowTier.Stored>weigher((key, window) -> window.bytes())
                .expireAfterAccess(Duration.ofMinutes(10))
                .build(),
            coherence);
    coherence.onChange(Invalidation.WINDOW, change -> held.changed(key(change)));
    coherence.onChange(Invalidation.CONVERSATION_GONE, change -> held.changed(key(change)));
    coherence.onChange(
        Invalidation.TENANT, change -> held.forgetIf(key -> key.startsWith(change.tenant() + ":")));
  }

  @Override
  public Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    if (!(position instanceof HistoryPosition.Newest) || !WindowTier.serves(filter, limit)) {
      return tier.readSlice(tenant, conversation, filter, position, limit);
    }
    return window(tenant, conversation).map(window -> WindowTier.newestSlice(window, limit));
  }

  @Override
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    if (!WindowTier.serves(filter, limit)) {
      return tier.recentWindow(tenant, conversation, filter, limit);
    }
    return window(tenant, conversation).map(window -> WindowTier.newest(window, limit));
  }

  @Override
  public Optional<HistoryPage> readPage(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      int page,
      int pageSize,
      boolean oldestFirst) {
    return tier.readPage(tenant, conversation, filter, page, pageSize, oldestFirst);
  }

  @Override
  public ConversationHistory primary() {
    return tier.primary();
  }

  /**
   * Hands the window held here to the tier, which extends it by the message when it is still the
   * stored one; what the append left stored is held here next.
   */
  @Override
  public AppendedMessage append(TenantId tenant, NewMessage message) {
    String key = key(tenant, message.conversationId());
    WindowTier.Stored local = held.held(key);
    long stamp = dropped(key);
    WindowTier.Appended appended = tier.append(tenant, message, local);
    hold(key, appended.stored(), stamp);
    return appended.appended();
  }

  @Override
  public List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> batch) {
    List<Optional<AppendedMessage>> outcomes = tier.appendAll(tenant, batch);
    outcomes.forEach(
        o -> o.ifPresent(a -> held.changed(key(tenant, a.message().conversationId()))));
    return outcomes;
  }

  /** The windows of the messages the reports found go (the tier moved them on). */
  @Override
  public List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    List<Optional<Message>> outcomes = tier.applyStatuses(tenant, reports, now, heldUntil);
    outcomes.forEach(o -> o.ifPresent(m -> held.changed(key(tenant, m.conversationId()))));
    return outcomes;
  }

  /** After a committed write of the conversation: its window is rebuilt below and held again. */
  @Override
  public void changed(TenantId tenant, ConversationId conversation) {
    String key = key(tenant, conversation);
    long stamp = dropped(key);
    hold(key, tier.rebuilt(tenant, conversation), stamp);
  }

  /**
   * Erased or removed conversations: gone here, below, and on every instance; dropped here before
   * and after the tier forgets them, whatever it throws.
   */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {
    conversations.forEach(conversation -> held.changed(key(tenant, conversation)));
    try {
      tier.forget(tenant, conversations);
    } finally {
      conversations.forEach(conversation -> held.changed(key(tenant, conversation)));
    }
  }

  /**
   * Held here, else read below (and held when the tier stored it and nothing changed meanwhile).
   */
  private Optional<ConversationWindow> window(TenantId tenant, ConversationId conversation) {
    String key = key(tenant, conversation);
    WindowTier.Stored local = held.held(key);
    if (local != null) {
      metrics.increment("cache.windows.l1.hits");
      metrics.readFrom("window");
      return Optional.of(local.window());
    }
    long stamp = held.stamp();
    WindowTier.Read read = tier.window(tenant, conversation);
    if (read.stored() != null) {
      held.install(key, read.stored(), stamp);
    }
    return read.window();
  }

  /**
   * Drops the window before a write of its conversation: a read that began before cannot install
   * what it read; the stamp is where the write's own install may start from.
   */
  private long dropped(String key) {
    held.changed(key);
    return held.stamp();
  }

  /**
   * Holds what the write left stored, unless a change came since {@code stamp}; anything else a
   * read installed during the write goes (it may predate the write).
   */
  private void hold(String key, WindowTier.Stored stored, long stamp) {
    if (stored != null) {
      held.install(key, stored, stamp);
    }
    held.changed(key, current -> current == stored);
  }

  private static String key(TenantId tenant, ConversationId conversation) {
    return tenant + ":" + conversation;
  }

  private static String key(Invalidation change) {
    return change.tenant() + ":" + change.subject();
  }
}
