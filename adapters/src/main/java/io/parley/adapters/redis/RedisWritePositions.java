package io.parley.adapters.redis;

import io.parley.adapters.postgres.WritePositions;
import io.parley.domain.model.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write positions in Redis, one key per scope under the tenant's hash tag, so every instance sees
 * every write: a script keeps the greater position, for a day. After any Redis trouble, and for as
 * long as a replica may lag ({@code maxLag}), no position is trusted, so reads go to the primary: a
 * position Redis missed (a failed write, a restart that lost it) cannot send a read to a stale
 * replica. A position this instance could not store yet sends that scope's reads (only that
 * scope's) to the primary until it is stored. A scope with no position is {@link #UNKNOWN}.
 */
public final class RedisWritePositions implements WritePositions {
  private static final String KEEP_GREATER =
      """
      local current = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tonumber(ARGV[1]) > current then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      else
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 1""";

  private final RedisGuard guard;
  private final Duration maxLag;
  private final String ttl;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private volatile long distrustUntil;
  private volatile boolean overflowed;

  /** Positions kept for a repair at most; past that none is trusted until Redis takes them. */
  private static final int MAX_PENDING = 100_000;

  public RedisWritePositions(RedisGuard guard, Duration maxLag) {
    this.guard = guard;
    this.maxLag = maxLag;
    this.ttl = Long.toString(Duration.ofDays(1).toMillis());
    guard.onRepair(this::repair);
  }

  @Override
  public void written(TenantId tenant, String scope, long lsn) {
    String key = key(tenant, scope);
    if (!store(key, lsn)) {
      if (pending.size() < MAX_PENDING || pending.containsKey(key)) {
        pending.merge(key, lsn, Math::max);
      } else {
        overflowed = true; // fail closed: no position is trusted until every one is stored
      }
      trouble();
    }
  }

  @Override
  public OptionalLong newest(TenantId tenant, String scope) {
    if (System.nanoTime() - distrustUntil < 0
        || overflowed
        || !guard.trusted()
        || pending.containsKey(key(tenant, scope))) {
      return OptionalLong.empty();
    }
    RedisGuard.Answer<String> answer = guard.call(redis -> redis.get(key(tenant, scope)));
    if (!answer.answered()) {
      trouble();
      return OptionalLong.empty();
    }
    return OptionalLong.of(answer.value() == null ? UNKNOWN : Long.parseLong(answer.value()));
  }

  private boolean store(String key, long lsn) {
    return guard
        .call(redis -> redis.eval(KEEP_GREATER, List.of(key), List.of(Long.toString(lsn), ttl)))
        .answered();
  }

  private void repair() {
    for (Map.Entry<String, Long> missed : List.copyOf(pending.entrySet())) {
      boolean stored =
          guard
              .repairCall(
                  redis ->
                      redis.eval(
                          KEEP_GREATER,
                          List.of(missed.getKey()),
                          List.of(Long.toString(missed.getValue()), ttl)))
              .answered();
      if (!stored) {
        return;
      }
      pending.remove(missed.getKey(), missed.getValue());
    }
    if (pending.isEmpty() && overflowed) {
      overflowed = false;
      trouble(); // positions lost to the overflow are older than maxLag once this passes
    }
  }

  private void trouble() {
    distrustUntil = System.nanoTime() + maxLag.toNanos();
  }

  private static String key(TenantId tenant, String scope) {
    return "parley:{" + tenant + "}:pos:" + scope;
  }
}
