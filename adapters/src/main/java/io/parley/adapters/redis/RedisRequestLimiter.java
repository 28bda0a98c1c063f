package io.parley.adapters.redis;

import io.parley.domain.port.out.RequestLimiter;
import java.time.Duration;
import java.util.List;

/**
 * Allowances shared by every instance: the generic cell rate algorithm in one script, one key per
 * allowance (its own hash tag, so a cluster keeps it in one slot), timed by Redis' own clock so
 * instances' clocks do not matter. While Redis does not answer, each instance holds the same limit
 * on its own ({@code fallback}).
 */
public final class RedisRequestLimiter implements RequestLimiter {
  /**
   * KEYS[1] the allowance; ARGV[1] the interval between requests, ARGV[2] the period (the burst
   * tolerance), both in microseconds. Returns 0 when admitted, else the microseconds to wait.
   */
  private static final String GCRA =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local interval = tonumber(ARGV[1])
      local period = tonumber(ARGV[2])
      local tat = tonumber(redis.call('GET', KEYS[1]) or now)
      if tat < now then tat = now end
      local next = tat + interval
      local wait = next - period - now
      if wait > 0 then return wait end
      redis.call('SET', KEYS[1], string.format('%d', next), 'PX',
                 math.ceil((next - now) / 1000) + 1)
      return 0""";

  private final RedisGuard guard;
  private final RequestLimiter fallback;

  public RedisRequestLimiter(RedisGuard guard, RequestLimiter fallback) {
    this.guard = guard;
    this.fallback = fallback;
  }

  @Override
  public Admission admit(String allowance, int burst, Duration period) {
    long periodMicros = period.toNanos() / 1_000;
    long interval = Math.max(1, periodMicros / burst);
    RedisGuard.Answer<Object> answer =
        guard.call(
            redis ->
                redis.eval(
                    GCRA,
                    List.of("parley:{limit:" + allowance + "}"),
                    List.of(Long.toString(interval), Long.toString(periodMicros))));
    if (!answer.answered()) {
      return fallback.admit(allowance, burst, period);
    }
    long wait = ((Number) answer.value()).longValue();
    return wait <= 0 ? Admission.ADMITTED : new Admission(false, Duration.ofNanos(wait * 1_000));
  }
}
