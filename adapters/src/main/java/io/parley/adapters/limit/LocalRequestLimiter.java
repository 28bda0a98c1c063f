package io.parley.adapters.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.parley.domain.port.out.RequestLimiter;
import java.time.Duration;

/**
 * The generic cell rate algorithm in this instance's memory: each allowance keeps one number, the
 * theoretical arrival time of its next request. Used alone for one instance, and as the fallback of
 * {@code RedisRequestLimiter} (the same limit, per instance) while Redis is away.
 */
public final class LocalRequestLimiter implements RequestLimiter {
  private final Cache<String, long[]> arrivals;
  private final Ticker ticker;

  public LocalRequestLimiter(Ticker ticker) {
    this.ticker = ticker;
    this.arrivals =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(1_000_000)
            .ticker(ticker)
            .build();
  }

  @Override
  public Admission admit(String allowance, int burst, Duration period) {
    long now = ticker.read();
    long interval = period.toNanos() / burst;
    long[] theoretical = arrivals.get(allowance, key -> new long[] {now});
    synchronized (theoretical) {
      long next = Math.max(theoretical[0], now) + interval;
      long wait = next - period.toNanos() - now;
      if (wait > 0) {
        return new Admission(false, Duration.ofNanos(wait));
      }
      theoretical[0] = next;
      return Admission.ADMITTED;
    }
  }
}
