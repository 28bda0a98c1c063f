package io.parley.adapters.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.parley.adapters.LogSafe;
import io.parley.domain.port.out.RequestLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allowances shared by every instance, decided in this instance's memory: the generic cell rate
 * algorithm per allowance (the theoretical arrival time of its next request), kept in step with the
 * other instances through Redis off the request path. A request makes no Redis round trip, except
 * the first of an allowance this instance has not seen (or has forgotten), which reads the shared
 * state first. Every {@link #REPORT_EVERY} each instance adds what it admitted to the shared
 * arrival time (one script per allowance that admitted anything, timed by Redis' own clock) and
 * takes the later of its own and the shared one. So the instances together admit at most the rate
 * plus what the others admitted within one report interval; while Redis does not answer, each
 * instance holds the same limit on its own.
 */
public final class RedisRequestLimiter implements RequestLimiter, AutoCloseable {
  static final Duration REPORT_EVERY = Duration.ofMillis(100);
  private static final Logger LOG = LoggerFactory.getLogger(RedisRequestLimiter.class);

  /**
   * KEYS[1] the allowance; ARGV[1] the interval between requests in microseconds, ARGV[2] how many
   * requests the caller admitted since its last report. Moves the shared theoretical arrival time
   * (at least Redis' now) on by that many intervals; returns how far it is ahead of now, in µs.
   */
  private static final String REPORT =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local tat = tonumber(redis.call('GET', KEYS[1]) or now)
      if tat < now then tat = now end
      tat = tat + tonumber(ARGV[1]) * tonumber(ARGV[2])
      if tat > now then
        redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
      end
      return tat - now""";

  private final RedisGuard guard;
  private final Ticker ticker;
  private final Cache<String, Allowance> allowances;

  /** The allowances with admissions not yet reported, each with the state that counted them. */
  private final Map<String, Allowance> unreported = new ConcurrentHashMap<>();

  private final ScheduledExecutorService reporter;

  /** Reports every {@link #REPORT_EVERY} on a thread of its own. */
  public RedisRequestLimiter(RedisGuard guard) {
    this(guard, Ticker.systemTicker(), true);
  }

  /** {@code scheduled} false: reports only when {@link #report()} is called (tests). */
  RedisRequestLimiter(RedisGuard guard, Ticker ticker, boolean scheduled) {
    this.guard = guard;
    this.ticker = ticker;
    this.allowances =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            // tenants and failed-authentication addresses; an evicted one is read from Redis again
            .maximumSize(100_000)
            .ticker(ticker)
            .build();
    this.reporter = scheduled ? Executors.newSingleThreadScheduledExecutor(daemon()) : null;
    if (reporter != null) {
      long every = REPORT_EVERY.toMillis();
      reporter.scheduleWithFixedDelay(this::reportSafely, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Admission admit(String allowance, int burst, Duration period) {
    long interval = Math.max(1_000, period.toNanos() / burst);
    Allowance state = allowances.getIfPresent(allowance);
    if (state == null) { // read outside the cache's lock: a Redis round trip
      Allowance fresh = shared(allowance, interval);
      state = allowances.asMap().putIfAbsent(allowance, fresh);
      state = state == null ? fresh : state;
    }
    long now = ticker.read();
    synchronized (state) {
      long next = Math.max(state.arrival, now) + interval;
      long wait = next - period.toNanos() - now;
      if (wait > 0) {
        return new Admission(false, Duration.ofNanos(wait));
      }
      state.arrival = next;
      state.interval = interval;
      state.unreported++;
    }
    unreported.put(allowance, state);
    return Admission.ADMITTED;
  }

  /**
   * Adds what this instance admitted since its last report to each allowance's shared arrival time,
   * and catches up with what the other instances admitted; returns how many allowances Redis did
   * not answer for (their admissions wait for the next report).
   */
  int report() {
    int unanswered = 0;
    for (Map.Entry<String, Allowance> entry : unreported.entrySet()) {
      String key = entry.getKey();
      Allowance state = entry.getValue();
      unreported.remove(key, state); // the state itself, even if the cache evicted it since
      long admitted;
      long interval;
      synchronized (state) {
        admitted = state.unreported;
        interval = state.interval;
        state.unreported = 0;
      }
      long ahead = exchange(key, interval, admitted);
      if (ahead < 0) { // unanswered: counted again at the next report, not lost
        synchronized (state) {
          state.unreported += admitted;
        }
        unreported.putIfAbsent(key, state);
        unanswered++;
      } else if (ahead > 0) {
        long arrival = ticker.read() + ahead;
        synchronized (state) {
          state.arrival = Math.max(state.arrival, arrival);
        }
      }
    }
    return unanswered;
  }

  /** A new allowance starts where the shared one stands (or now, when Redis does not answer). */
  private Allowance shared(String key, long interval) {
    Allowance state = new Allowance();
    state.interval = interval;
    state.arrival = ticker.read() + Math.max(0, exchange(key, interval, 0)); // alone if unanswered
    return state;
  }

  /**
   * Reports {@code admitted} requests; how far the shared arrival time is ahead, in nanoseconds.
   */
  private long exchange(String key, long intervalNanos, long admitted) {
    RedisGuard.Answer<Object> answer =
        guard.call(
            redis ->
                redis.eval(
                    REPORT,
                    List.of("parley:{limit:" + key + "}"),
                    List.of(Long.toString(intervalNanos / 1_000), Long.toString(admitted))));
    return answer.answered() ? ((Number) answer.value()).longValue() * 1_000 : -1;
  }

  private void reportSafely() {
    try {
      report();
    } catch (Throwable e) { // Redis failures come back unanswered; an escape would end the task
      LOG.warn("Could not report request allowances: {}", LogSafe.describe(e));
    }
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.shutdownNow();
    }
  }

  private static ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "parley-limit-reports");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One allowance as this instance sees it; guarded by its own monitor. */
  private static final class Allowance {
    long arrival;
    long interval;
    long unreported;
  }
}
