package io.parley.adapters.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.json.WindowJson;
import io.parley.domain.model.AppendedMessage;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.HistoryPage;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.HistorySlice;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationHistory;
import io.parley.domain.port.out.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each conversation's window (the conversation and its newest messages, system messages left out)
 * kept in Redis, so the newest history page and the agent context's recent window cost no SQL.
 *
 * <p>A window is trusted only under the conversation's current generation: a counter every write of
 * the conversation increments after its commit, before it is acknowledged. A window carries the
 * generation it was built under, and is stored only if that is still current (a check-and-set in
 * one script), so a window built from a read older than a write can never be served after it. An
 * appender extends the window of the generation before by its message (or, when that window does
 * not end right before it, rebuilds it from PostgreSQL), and other writers rebuild it, so a read
 * right after a write, on any instance, finds it; a batch only bumps. When the increment fails
 * (Redis away), the writer keeps it pending and retries with the repairs; reads on an instance that
 * saw trouble skip Redis for a while; and a Redis that lost its data lost the windows with the
 * generations.
 */
public final class ConversationWindows implements ConversationHistory, MessageStore {
  /** Messages a window holds: the largest newest page and recent window it serves. */
  static final int SIZE = 50;

  /**
   * The answer both window scripts give: {answered, 1} when the caller holds the window of
   * generation {@code wanted} already (its generation is {@code held}), {answered, window} when
   * KEYS[1] holds that generation's window, else {answered}.
   */
  private static final String HANDING_OUT =
      """
      local function hand(answered, wanted, held)
        if held == wanted then return {answered, 1} end
        local window = redis.call('GET', KEYS[1])
        if window then
          local sep = string.find(window, '|', 1, true)
          if sep and string.sub(window, 1, sep - 1) == wanted then
            return {answered, string.sub(window, sep + 1)}
          end
        end
        return {answered}
      end
      """;

  /**
   * The current generation, and the window if it was built under it; when the caller already holds
   * the window of that generation (ARGV[1]) the window is not sent again ({generation, true}).
   */
  private static final String READ =
      HANDING_OUT
          + """
          local generation = redis.call('GET', KEYS[2]) or '0'
          return hand(generation, generation, ARGV[1])""";

  /**
   * Stores a window if the generation it was built under is still current. A window is never stored
   * under the absent generation ('0'): the script starts the generation at '1' instead. An erasure
   * deletes the generation, so '0' is what every reader sees afterwards, and a window held under
   * '0' would still match it.
   */
  private static final String STORE_IF_CURRENT =
      """
      local generation = redis.call('GET', KEYS[2]) or '0'
      if generation ~= ARGV[1] then return 0 end
      if generation == '0' then
        generation = '1'
        redis.call('SET', KEYS[2], generation, 'PX', ARGV[4])
      else
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
      end
      redis.call('SET', KEYS[1], generation .. '|' .. ARGV[2], 'PX', ARGV[3])
      return 1""";

  private static final String BUMP =
      """
      local generation = redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return generation""";

  /**
   * A batch's bump: every touched conversation's generation in one round trip (a tenant's keys
   * share a hash slot). Windows are not rebuilt here: a batch is history arriving in bulk, and
   * rebuilding (or extending) each touched conversation's window cost the batch twice its
   * PostgreSQL work in CPU (profile in issue 15's note); the next read of each rebuilds it.
   */
  private static final String BUMP_ALL =
      """
      for _, key in ipairs(KEYS) do
        redis.call('INCR', key)
        redis.call('PEXPIRE', key, ARGV[1])
      end
      return #KEYS""";

  /**
   * A bump that also hands back the window stored under the generation before it, the one the
   * writer can extend by its own message: {generation, window}, or {generation, 1} when the
   * writer's near-cache already holds that window (ARGV[2] is its generation), or {generation}.
   */
  private static final String BUMP_AND_TAKE =
      HANDING_OUT
          + """
          local generation = redis.call('INCR', KEYS[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[1])
          return hand(generation, tostring(generation - 1), ARGV[2])""";

  private final ConversationHistory history;
  private final MessageStore messages;
  private final RedisGuard guard;
  private final AdapterMetrics metrics;
  private final String windowTtl;
  private final String generationTtl;
  private final Set<String> pendingBumps = ConcurrentHashMap.newKeySet();
  private final Consumer<String> onWindowRead;

  /**
   * Windows already decoded here, each with the generation it belongs to: served only when Redis
   * says that generation is still current, which saves sending and decoding the window again.
   */
  private final Cache<String, Held> held =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  private record Held(String generation, ConversationWindow window) {}

  public ConversationWindows(
      ConversationHistory history,
      MessageStore messages,
      RedisGuard guard,
      Duration idle,
      AdapterMetrics metrics,
      Consumer<String> onWindowRead) {
    this.onWindowRead = onWindowRead;
    this.history = history;
    this.messages = messages;
    this.guard = guard;
    this.metrics = metrics;
    this.windowTtl = Long.toString(idle.toMillis());
    this.generationTtl = Long.toString(idle.multipliedBy(2).toMillis());
    guard.onRepair(this::repair);
  }

  @Override
  public Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    if (!(position instanceof HistoryPosition.Newest) || !servable(filter, limit)) {
      return history.readSlice(tenant, conversation, filter, position, limit);
    }
    return window(tenant, conversation, false)
        .map(
            window -> {
              List<Message> newestFirst = new ArrayList<>(window.recentMessages());
              Collections.reverse(newestFirst);
              boolean more = newestFirst.size() > limit;
              return new HistorySlice(more ? newestFirst.subList(0, limit) : newestFirst, more);
            });
  }

  @Override
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    if (!servable(filter, limit)) {
      return history.recentWindow(tenant, conversation, filter, limit);
    }
    return window(tenant, conversation, true)
        .map(
            window -> {
              List<Message> all = window.recentMessages();
              return new ConversationWindow(
                  window.conversation(),
                  all.subList(Math.max(0, all.size() - limit), all.size()),
                  window.newestReferenceVersion());
            });
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
  public AppendedMessage append(TenantId tenant, NewMessage message) {
    AppendedMessage appended = messages.append(tenant, message);
    if (appended.created()) {
      appended(tenant, appended.message());
    }
    return appended;
  }

  /**
   * After a committed append: a new generation, and the window of the one before extended by the
   * message, without reading PostgreSQL, when that window ends right before it (seq - 1); else the
   * window is rebuilt from PostgreSQL as after any write. The extended window holds every write
   * whose bump came before this one (the window it extends did) and this message.
   */
  private void appended(TenantId tenant, Message message) {
    ConversationId conversation = message.conversationId();
    String windowKey = RedisKeys.window(tenant, conversation);
    String generationKey = RedisKeys.windowGeneration(tenant, conversation);
    Held local = held.getIfPresent(windowKey);
    RedisGuard.Answer<Object> bumped =
        guard.call(
            redis ->
                redis.eval(
                    BUMP_AND_TAKE,
                    List.of(windowKey, generationKey),
                    List.of(generationTtl, local == null ? "" : local.generation())));
    if (!bumped.answered() || !(bumped.value() instanceof List<?> answer)) {
      missed(List.of(generationKey));
      return;
    }
    String generation = String.valueOf(answer.get(0));
    ConversationWindow before =
        answer.size() < 2
            ? null
            : answer.get(1) instanceof Long && local != null
                ? local.window()
                : WindowJson.read(String.valueOf(answer.get(1)));
    Optional<ConversationWindow> extended = extend(before, message);
    if (extended.isEmpty()) {
      load(tenant, conversation, generation);
      return;
    }
    metrics.increment("cache.windows.l2.extended");
    if (store(tenant, conversation, generation, extended.get())) {
      held.put(windowKey, new Held(generation, extended.get()));
    }
  }

  /**
   * {@code window} with {@code message} appended, as the append statement changed the conversation,
   * keeping the newest {@code SIZE + 1}; empty when the window does not end at the message before
   * it. A system message is counted but not shown, so the next append after one finds a gap and
   * reads PostgreSQL.
   */
  static Optional<ConversationWindow> extend(ConversationWindow window, Message message) {
    if (window == null || message.type() == MessageType.MANUAL_OUTBOUND) {
      // An agent's message may start or extend a handoff (issue 26): the statement decided that,
      // so the window is read back rather than mirrored.
      return Optional.empty();
    }
    List<Message> recent = window.recentMessages();
    boolean adjacent =
        recent.isEmpty()
            ? window.conversation().messageCount() == 0 && message.seq() == 1
            : recent.get(recent.size() - 1).seq() == message.seq() - 1;
    if (!adjacent) {
      return Optional.empty();
    }
    List<Message> messages = new ArrayList<>(recent);
    if (message.type() != MessageType.SYSTEM) {
      messages.add(message);
    }
    int from = Math.max(0, messages.size() - (SIZE + 1));
    return Optional.of(
        new ConversationWindow(
            window.conversation().withMessageAppended(message),
            messages.subList(from, messages.size())));
  }

  @Override
  public List<Optional<AppendedMessage>> appendAll(TenantId tenant, List<NewMessage> batch) {
    List<Optional<AppendedMessage>> outcomes = messages.appendAll(tenant, batch);
    Set<String> generations = new LinkedHashSet<>();
    outcomes.forEach(
        o ->
            o.filter(AppendedMessage::created)
                .ifPresent(
                    a ->
                        generations.add(
                            RedisKeys.windowGeneration(tenant, a.message().conversationId()))));
    if (generations.isEmpty()) {
      return outcomes;
    }
    List<String> keys = List.copyOf(generations);
    if (!guard.call(redis -> redis.eval(BUMP_ALL, keys, List.of(generationTtl))).answered()) {
      missed(keys);
    }
    return outcomes;
  }

  /**
   * Delivery statuses are writes to their messages' conversations: after their commit, each
   * conversation of a message found gets a new generation, as after a batch (issue 26).
   */
  @Override
  public List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    List<Optional<Message>> outcomes = messages.applyStatuses(tenant, reports, now, heldUntil);
    Set<String> generations = new LinkedHashSet<>();
    outcomes.forEach(
        o ->
            o.ifPresent(
                m -> generations.add(RedisKeys.windowGeneration(tenant, m.conversationId()))));
    if (!generations.isEmpty()) {
      List<String> keys = List.copyOf(generations);
      if (!guard.call(redis -> redis.eval(BUMP_ALL, keys, List.of(generationTtl))).answered()) {
        missed(keys);
      }
    }
    return outcomes;
  }

  /**
   * After a committed write of the conversation: no window built before it can be served (a new
   * generation), and the window is rebuilt for the next read.
   */
  public void changed(TenantId tenant, ConversationId conversation) {
    String generationKey = RedisKeys.windowGeneration(tenant, conversation);
    RedisGuard.Answer<Object> bumped =
        guard.call(redis -> redis.eval(BUMP, List.of(generationKey), List.of(generationTtl)));
    if (!bumped.answered()) {
      missed(List.of(generationKey));
      return;
    }
    load(tenant, conversation, String.valueOf(bumped.value()));
  }

  /**
   * An erased or removed conversation: its window and generation go (no key names it). A reader
   * that took the generation before could not store its window: the generation is no longer its.
   */
  public void erased(TenantId tenant, ConversationId conversation) {
    String window = RedisKeys.window(tenant, conversation);
    String generation = RedisKeys.windowGeneration(tenant, conversation);
    if (!guard.call(redis -> redis.del(window, generation)).answered()) {
      missed(List.of(generation));
    }
  }

  /** Generation increments Redis did not take: retried with the repairs, distrusted until then. */
  private void missed(List<String> generationKeys) {
    pendingBumps.addAll(generationKeys);
    metrics.increment("cache.windows.l2.bumps-missed");
  }

  private boolean servable(MessageFilter filter, int limit) {
    return MessageFilter.DEFAULT.equals(filter) && limit <= SIZE;
  }

  /**
   * The conversation's window; with {@code withReference} (the agent context) a held window's check
   * also reads the newest reference-context version in the same round trip, for the reference
   * context's own check to use ({@link ConversationWindow#newestReferenceVersion}).
   */
  private Optional<ConversationWindow> window(
      TenantId tenant, ConversationId conversation, boolean withReference) {
    if (!guard.trusted() || !pendingBumps.isEmpty()) {
      metrics.increment("cache.windows.l2.distrusted");
      return fromDatabase(tenant, conversation);
    }
    String windowKey = RedisKeys.window(tenant, conversation);
    String generationKey = RedisKeys.windowGeneration(tenant, conversation);
    Held local = held.getIfPresent(windowKey);
    if (local != null) {
      long referenceVersion =
          heldIsCurrent(
              generationKey,
              withReference ? RedisKeys.referenceContext(tenant, conversation) : null,
              local);
      if (referenceVersion != NOT_CURRENT) {
        metrics.increment("cache.windows.l1.hits");
        onWindowRead.accept("window");
        ConversationWindow window = local.window();
        return Optional.of(
            new ConversationWindow(
                window.conversation(), window.recentMessages(), referenceVersion));
      }
    }
    String known = local == null ? "" : local.generation();
    RedisGuard.Answer<Object> read =
        guard.call(redis -> redis.eval(READ, List.of(windowKey, generationKey), List.of(known)));
    if (read.answered() && read.value() instanceof List<?> found) {
      String generation = String.valueOf(found.get(0));
      if (found.size() == 2 && found.get(1) instanceof Long && local != null) {
        metrics.increment("cache.windows.l1.hits");
        onWindowRead.accept("window");
        return Optional.of(local.window());
      }
      if (found.size() == 2) {
        metrics.increment("cache.windows.l2.hits");
        onWindowRead.accept("window");
        ConversationWindow window = WindowJson.read(String.valueOf(found.get(1)));
        held.put(windowKey, new Held(generation, window));
        return Optional.of(window);
      }
      metrics.increment("cache.windows.l2.misses");
      return load(tenant, conversation, generation);
    }
    metrics.increment("cache.windows.l2.misses");
    return fromDatabase(tenant, conversation);
  }

  /** What {@link #heldIsCurrent} answers when the held window is not current. */
  private static final long NOT_CURRENT = Long.MIN_VALUE;

  /**
   * Whether the window held here is the current generation's, in one round trip: a plain GET of the
   * generation (no Lua, no script hash, on the path every warm read takes) or, for the agent
   * context ({@code referenceKey} given), an MGET of it and the conversation's reference context
   * (same hash slot), whose version is answered. -1 when not asked or there is none; NOT_CURRENT
   * when the held window is not current or Redis did not answer (the read then goes on as if
   * nothing were held).
   */
  private long heldIsCurrent(String generationKey, String referenceKey, Held local) {
    RedisGuard.Answer<List<String>> read =
        guard.call(
            redis ->
                referenceKey == null
                    ? Collections.singletonList(redis.get(generationKey))
                    : redis.mget(generationKey, referenceKey));
    if (!read.answered() || read.value() == null) {
      return NOT_CURRENT;
    }
    String generation = read.value().get(0);
    if (!local.generation().equals(generation == null ? "0" : generation)) {
      return NOT_CURRENT;
    }
    return referenceKey == null ? -1 : ReferenceContextRedisCache.versionOf(read.value().get(1));
  }

  /**
   * The window as PostgreSQL has it: one more message than it holds, to know whether any precede.
   */
  private Optional<ConversationWindow> fromDatabase(TenantId tenant, ConversationId conversation) {
    return history.recentWindow(tenant, conversation, MessageFilter.DEFAULT, SIZE + 1);
  }

  /** Reads the window from PostgreSQL and stores it if {@code generation} is still current. */
  private Optional<ConversationWindow> load(
      TenantId tenant, ConversationId conversation, String generation) {
    Optional<ConversationWindow> fresh = fromDatabase(tenant, conversation);
    fresh.ifPresent(window -> store(tenant, conversation, generation, window));
    return fresh;
  }

  /** Stores {@code window} if {@code generation} is still current; whether it did. */
  private boolean store(
      TenantId tenant, ConversationId conversation, String generation, ConversationWindow window) {
    RedisGuard.Answer<Object> stored =
        guard.call(
            redis ->
                redis.eval(
                    STORE_IF_CURRENT,
                    List.of(
                        RedisKeys.window(tenant, conversation),
                        RedisKeys.windowGeneration(tenant, conversation)),
                    List.of(generation, WindowJson.write(window), windowTtl, generationTtl)));
    return stored.answered() && Long.valueOf(1).equals(stored.value());
  }

  private void repair() {
    for (String key : List.copyOf(pendingBumps)) {
      boolean bumped =
          guard
              .repairCall(redis -> redis.eval(BUMP, List.of(key), List.of(generationTtl)))
              .answered();
      if (!bumped) {
        return;
      }
      pendingBumps.remove(key);
    }
  }
}
