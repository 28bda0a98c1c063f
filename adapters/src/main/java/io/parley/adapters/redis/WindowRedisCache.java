package io.parley.adapters.redis;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.cache.Coherence;
import io.parley.adapters.cache.Invalidation;
import io.parley.adapters.cache.WindowTier;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The shared tier (L2) of the conversation windows: each conversation's window (the conversation
 * and its newest messages, system messages left out) kept in Redis, so the newest history page and
 * the agent context's recent window cost no SQL; {@link io.parley.adapters.cache.WindowNearCache}
 * holds them decoded above it, so warm they cost no round trip either.
 *
 * <p>In Redis a window is trusted only under the conversation's current generation: a random value
 * every write of the conversation replaces after its commit, before it is acknowledged, so a
 * generation never comes round again (not after Redis lost its keys, nor after an eviction). A
 * window carries the generation it was built under and is stored only if that is still current (a
 * check-and-set in one script); a reader that finds no generation sets one, so its own later store
 * fails if any write came in between. An appender extends the window of the generation before by
 * its message (or, when that window does not end right before it, rebuilds it from PostgreSQL), and
 * other writers rebuild it, so a read right after a write, on any instance, finds it; a batch only
 * moves generations. Every write tells the other instances to drop what they hold of the window
 * before it is acknowledged ({@link Coherence}).
 */
public final class WindowRedisCache implements WindowTier {
  /**
   * The current generation (set to ARGV[1] when there is none, which makes it this reader's) and
   * the window if it was built under it: {generation, json} or {generation}. When the caller
   * already holds the window of that generation (ARGV[3]) it is not sent again: {generation, 1}.
   */
  private static final String READ =
      """
      local generation = redis.call('GET', KEYS[2])
      if not generation then
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return {ARGV[1]}
      end
      if generation == ARGV[3] then return {generation, 1} end
      local window = redis.call('GET', KEYS[1])
      if window then
        local sep = string.find(window, '|', 1, true)
        if sep and string.sub(window, 1, sep - 1) == generation then
          return {generation, string.sub(window, sep + 1)}
        end
      end
      return {generation}""";

  /**
   * How long the generation a reader sets lives unless a window is stored under it (which gives it
   * the generations' TTL): a read of a conversation that does not exist leaves no key for long.
   */
  private static final String LEASE_MILLIS = "10000";

  /** Deletes KEYS[1] if it still holds ARGV[1]. */
  static final String DELETE_IF_HELD =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      return redis.call('DEL', KEYS[1])""";

  /** Stores a window (ARGV[2]) if the generation it was built under (ARGV[1]) is still current. */
  private static final String STORE_IF_CURRENT =
      """
      if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
      redis.call('PEXPIRE', KEYS[2], ARGV[4])
      redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
      return 1""";

  /**
   * A new generation (ARGV[1]) that also hands back the window stored under the one before, the one
   * the writer can extend by its own message: {json}, or {1} when the writer holds that window
   * already (its generation is ARGV[3]), or {}. A writer that holds it and extended it gives the
   * extension (ARGV[4], else ''), stored under the new generation in the same round trip.
   */
  private static final String MOVE_AND_TAKE =
      """
      local before = redis.call('GET', KEYS[2])
      redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
      if not before then return {} end
      if before == ARGV[3] then
        if ARGV[4] ~= '' then
          redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[4], 'PX', ARGV[5])
        end
        return {1}
      end
      local window = redis.call('GET', KEYS[1])
      if window and string.sub(window, 1, string.len(before) + 1) == before .. '|' then
        return {string.sub(window, string.len(before) + 2)}
      end
      return {}""";

  /**
   * New generations for KEYS (each ARGV[i + 1]) in one round trip (a tenant's keys share a hash
   * slot). Windows are not rebuilt here: a batch is history arriving in bulk, and rebuilding each
   * touched conversation's window cost the batch twice its PostgreSQL work in CPU (issue 15); the
   * next read of each rebuilds it.
   */
  private static final String MOVE_ALL =
      """
      for i, key in ipairs(KEYS) do
        redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1])
      end
      return #KEYS""";

  private final ConversationHistory history;
  private final MessageStore messages;
  private final RedisGuard guard;
  private final Coherence coherence;
  private final AdapterMetrics metrics;
  private final String windowTtl;
  private final String generationTtl;
  private final int maxStoredChars;

  /**
   * About the heap a window decoded from {@code json} takes, from its JSON instead of a walk of
   * what was decoded (this is on every append): the objects and strings decoded from a character of
   * JSON take 1.2-1.4 bytes, and a character outside Latin-1 two more (such strings hold two bytes
   * a character). {@code ConversationWindowsWeightTest} checks the estimate against {@code
   * HeapSize}.
   */
  static int heapBytes(String json) {
    long wide = 0;
    for (int i = 0; i < json.length(); i++) {
      if (json.charAt(i) >= 256) {
        wide++;
      }
    }
    long bytes = 512 + (long) json.length() * 3 / 2 + 2 * wide;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /**
   * The windows of {@code below} (the stores, as {@link WindowTier#uncached}) kept in {@code
   * shared}: idle ones expire after an hour, and one larger than the shared tier's {@code
   * maxWindowChars} is read from PostgreSQL each time.
   */
  public WindowRedisCache(WindowTier below, RedisSharedCache shared) {
    this.history = below;
    this.messages = below;
    this.guard = shared.guard();
    this.coherence = shared.coherence();
    this.metrics = shared.metrics();
    Duration idle = Duration.ofHours(1);
    this.windowTtl = Long.toString(idle.toMillis());
    this.generationTtl = Long.toString(idle.multipliedBy(2).toMillis());
    this.maxStoredChars = shared.settings().maxWindowChars();
    coherence.onMissedChange(Invalidation.WINDOW, this::moveMissed);
    coherence.onMissedChange(Invalidation.CONVERSATION_GONE, this::forgetMissed);
  }

  @Override
  public Optional<HistorySlice> readSlice(
      TenantId tenant,
      ConversationId conversation,
      MessageFilter filter,
      HistoryPosition position,
      int limit) {
    if (!(position instanceof HistoryPosition.Newest) || !WindowTier.serves(filter, limit)) {
      return history.readSlice(tenant, conversation, filter, position, limit);
    }
    return window(tenant, conversation)
        .window()
        .map(window -> WindowTier.newestSlice(window, limit));
  }

  @Override
  public Optional<ConversationWindow> recentWindow(
      TenantId tenant, ConversationId conversation, MessageFilter filter, int limit) {
    if (!WindowTier.serves(filter, limit)) {
      return history.recentWindow(tenant, conversation, filter, limit);
    }
    return window(tenant, conversation).window().map(window -> WindowTier.newest(window, limit));
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

  /**
   * A stored message moves the window on; so does a retried delivery of one already stored: the
   * writer that stored it may have died between its commit and its move.
   */
  @Override
  public Appended append(TenantId tenant, NewMessage message, Stored held) {
    AppendedMessage appended = messages.append(tenant, message);
    Stored stored =
        appended.created()
            ? appended(tenant, appended.message(), held)
            : rebuilt(tenant, appended.message().conversationId());
    return new Appended(appended, stored);
  }

  /**
   * After a committed append: a new generation, and the window of the one before extended by the
   * message, without reading PostgreSQL, when that window ends right before it (seq - 1); else the
   * window is rebuilt from PostgreSQL as after any write. The extended window holds every write
   * whose move came before this one (the window it extends did) and this message. When this
   * instance holds the window of the generation before, the move and the store are one round trip.
   */
  private Stored appended(TenantId tenant, Message message, Stored local) {
    ConversationId conversation = message.conversationId();
    List<String> keys =
        List.of(
            RedisKeys.window(tenant, conversation),
            RedisKeys.windowGeneration(tenant, conversation));
    String generation = newGeneration();
    Optional<ConversationWindow> heldExtended =
        local == null ? Optional.empty() : extend(local.window(), message);
    String heldJson =
        heldExtended.map(WindowJson::write).filter(j -> j.length() <= maxStoredChars).orElse(null);
    RedisGuard.Answer<Object> moved =
        guard.call(
            redis ->
                redis.eval(
                    MOVE_AND_TAKE,
                    keys,
                    List.of(
                        generation,
                        generationTtl,
                        local == null ? "" : local.generation(),
                        heldJson == null ? "" : heldJson,
                        windowTtl)));
    Stored stored = null;
    if (moved.answered() && moved.value() instanceof List<?> answer) {
      if (heldJson != null && answer.size() == 1 && answer.get(0) instanceof Long) {
        metrics.increment("cache.windows.l2.extended");
        stored = new Stored(generation, heldExtended.get(), heapBytes(heldJson));
      } else {
        stored = extendedOrLoaded(tenant, conversation, generation, message, local, answer);
      }
    } else {
      metrics.increment("cache.windows.l2.bumps-missed");
    }
    coherence.changed(change(tenant, conversation), moved.answered());
    return stored;
  }

  /**
   * After a move that handed back what it found under the generation before ({@code answer}): that
   * window extended by the message and stored, or the window read from PostgreSQL.
   */
  private Stored extendedOrLoaded(
      TenantId tenant,
      ConversationId conversation,
      String generation,
      Message message,
      Stored local,
      List<?> answer) {
    ConversationWindow before =
        answer.isEmpty()
            ? null
            : answer.get(0) instanceof Long && local != null
                ? local.window()
                : WindowJson.read(String.valueOf(answer.get(0)));
    Optional<ConversationWindow> extended = extend(before, message);
    if (extended.isPresent()) {
      metrics.increment("cache.windows.l2.extended");
      return store(tenant, conversation, generation, extended.get());
    }
    return load(tenant, conversation, generation).stored();
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
    Set<ConversationId> touched = new LinkedHashSet<>();
    outcomes.forEach(o -> o.ifPresent(a -> touched.add(a.message().conversationId())));
    moveAll(tenant, touched);
    return outcomes;
  }

  /**
   * After committed writes of several conversations: each gets a new generation, in one round trip,
   * and every instance drops its window before this returns.
   */
  private void moveAll(TenantId tenant, Set<ConversationId> touched) {
    if (touched.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(touched.size());
    List<String> generations = new ArrayList<>(touched.size() + 1);
    List<Invalidation> changes = new ArrayList<>(touched.size());
    generations.add(generationTtl);
    for (ConversationId conversation : touched) {
      keys.add(RedisKeys.windowGeneration(tenant, conversation));
      generations.add(newGeneration());
      changes.add(change(tenant, conversation));
    }
    boolean moved = guard.call(redis -> redis.eval(MOVE_ALL, keys, generations)).answered();
    if (!moved) {
      metrics.increment("cache.windows.l2.bumps-missed");
    }
    coherence.changed(changes, moved);
  }

  /**
   * Delivery statuses are writes to their messages' conversations: after their commit, each
   * conversation of a message found gets a new generation, as after a batch (issue 26).
   */
  @Override
  public List<Optional<Message>> applyStatuses(
      TenantId tenant, List<StatusReport> reports, Instant now, Instant heldUntil) {
    List<Optional<Message>> outcomes = messages.applyStatuses(tenant, reports, now, heldUntil);
    Set<ConversationId> touched = new LinkedHashSet<>();
    outcomes.forEach(o -> o.ifPresent(m -> touched.add(m.conversationId())));
    moveAll(tenant, touched);
    return outcomes;
  }

  /**
   * After a committed write of the conversation: no window built before it can be served (a new
   * generation), and the window is rebuilt for the next read.
   */
  @Override
  public Stored rebuilt(TenantId tenant, ConversationId conversation) {
    String generation = newGeneration();
    boolean moved = guard.call(redis -> move(redis, tenant, conversation, generation)).answered();
    Stored stored = null;
    if (moved) {
      stored = load(tenant, conversation, generation).stored();
    } else {
      metrics.increment("cache.windows.l2.bumps-missed");
    }
    coherence.changed(change(tenant, conversation), moved);
    return stored;
  }

  /**
   * Erased or removed conversations: their windows and generations go (no key names them), so a
   * reader that took a generation before cannot store its window (no generation is its any more);
   * every instance drops what it holds of them before this returns (one acknowledgement, or one
   * lease term when Redis did not take them, for them all).
   */
  @Override
  public void forget(TenantId tenant, List<ConversationId> conversations) {
    messages.forget(tenant, conversations);
    boolean taken = true;
    List<Invalidation> gone = new ArrayList<>(conversations.size());
    for (ConversationId conversation : conversations) {
      taken &= forgotten(tenant, conversation);
      gone.add(Invalidation.conversationGone(tenant, conversation));
    }
    coherence.changed(gone, taken);
  }

  /** A forgetting Redis missed, applied from the change log. */
  private boolean forgetMissed(Invalidation missed) {
    return forgotten(TenantId.of(missed.tenant()), ConversationId.of(missed.subject()));
  }

  private boolean forgotten(TenantId tenant, ConversationId conversation) {
    String windowKey = RedisKeys.window(tenant, conversation);
    return guard
        .repairCall(redis -> redis.del(windowKey, RedisKeys.windowGeneration(tenant, conversation)))
        .answered();
  }

  /** A move Redis missed, applied from the change log. */
  private boolean moveMissed(Invalidation missed) {
    TenantId tenant = TenantId.of(missed.tenant());
    ConversationId conversation = ConversationId.of(missed.subject());
    return guard.repairCall(redis -> move(redis, tenant, conversation, newGeneration())).answered();
  }

  /** Sets the conversation's generation to {@code generation}: no window before it is served. */
  private String move(
      UnifiedJedis redis, TenantId tenant, ConversationId conversation, String generation) {
    return redis.set(
        RedisKeys.windowGeneration(tenant, conversation),
        generation,
        SetParams.setParams().px(Long.parseLong(generationTtl)));
  }

  /** The conversation's window: from Redis, else from PostgreSQL. */
  @Override
  public Read window(TenantId tenant, ConversationId conversation) {
    String windowKey = RedisKeys.window(tenant, conversation);
    if (!coherence.trusted(tenant.toString()) || !guard.trusted()) {
      metrics.increment("cache.windows.l2.distrusted");
      return new Read(fromDatabase(tenant, conversation), null);
    }
    String mine = newGeneration();
    RedisGuard.Answer<Object> read =
        guard.call(
            redis ->
                redis.eval(
                    READ,
                    List.of(windowKey, RedisKeys.windowGeneration(tenant, conversation)),
                    List.of(mine, LEASE_MILLIS, "")));
    if (read.answered() && read.value() instanceof List<?> found) {
      String generation = String.valueOf(found.get(0));
      if (found.size() == 2) {
        metrics.increment("cache.windows.l2.hits");
        metrics.readFrom("window");
        String json = String.valueOf(found.get(1));
        ConversationWindow window = WindowJson.read(json);
        return new Read(Optional.of(window), new Stored(generation, window, heapBytes(json)));
      }
      metrics.increment("cache.windows.l2.misses");
      return load(tenant, conversation, generation);
    }
    metrics.increment("cache.windows.l2.misses");
    return new Read(fromDatabase(tenant, conversation), null);
  }

  /**
   * The window as PostgreSQL has it: one more message than it holds, to know whether any precede.
   */
  private Optional<ConversationWindow> fromDatabase(TenantId tenant, ConversationId conversation) {
    return history.recentWindow(tenant, conversation, MessageFilter.DEFAULT, SIZE + 1);
  }

  /**
   * Reads the window from PostgreSQL and stores it if {@code generation} is still current. When
   * there is no such conversation (never, or erased meanwhile, say after an append committed just
   * before an erasure), the generation goes if it is still {@code generation}: no key names it.
   */
  private Read load(TenantId tenant, ConversationId conversation, String generation) {
    Optional<ConversationWindow> fresh = fromDatabase(tenant, conversation);
    if (fresh.isPresent()) {
      return new Read(fresh, store(tenant, conversation, generation, fresh.get()));
    } else {
      guard.call(
          redis ->
              redis.eval(
                  DELETE_IF_HELD,
                  List.of(RedisKeys.windowGeneration(tenant, conversation)),
                  List.of(generation)));
    }
    return new Read(fresh, null);
  }

  /**
   * Stores {@code window} in Redis if {@code generation} is still current: what the caller may then
   * hold, or null (a window too large for Redis is kept nowhere).
   */
  private Stored store(
      TenantId tenant, ConversationId conversation, String generation, ConversationWindow window) {
    String json = WindowJson.write(window);
    if (json.length() > maxStoredChars) {
      metrics.increment("cache.windows.l2.too-large");
      return null;
    }
    RedisGuard.Answer<Object> stored =
        guard.call(
            redis ->
                redis.eval(
                    STORE_IF_CURRENT,
                    List.of(
                        RedisKeys.window(tenant, conversation),
                        RedisKeys.windowGeneration(tenant, conversation)),
                    List.of(generation, json, windowTtl, generationTtl)));
    return stored.answered() && Long.valueOf(1).equals(stored.value())
        ? new Stored(generation, window, heapBytes(json))
        : null;
  }

  private static Invalidation change(TenantId tenant, ConversationId conversation) {
    return new Invalidation(Invalidation.WINDOW, tenant.toString(), conversation.toString(), 0);
  }

  /** A generation no key had before: 64 random bits. */
  private static String newGeneration() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}
