package io.parley.application.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.domain.port.out.RequestLimiter;
import io.parley.domain.port.out.RequestLimiter.Admission;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds each client address to a number of failed authentications a minute, counted across
 * instances. An address past it is refused (429) before its key is even looked up, so a flood of
 * made-up keys costs no database look-ups; successful requests cost nothing here.
 */
public final class FailedAuthenticationThrottle {
  private static final Duration PERIOD = Duration.ofMinutes(1);
  private final RequestLimiter limiter;
  private final int perMinute;
  private final Cache<String, Long> blockedUntil;

  public FailedAuthenticationThrottle(RequestLimiter limiter, int perMinute) {
    this.limiter = limiter;
    this.perMinute = perMinute;
    this.blockedUntil = Caffeine.newBuilder().expireAfterWrite(PERIOD).maximumSize(100_000).build();
  }

  /** The refusal for an address that is held back now, if it is. */
  public Optional<Admission> heldBack(String address) {
    Long until = perMinute == 0 ? null : blockedUntil.getIfPresent(address);
    long left = until == null ? 0 : until - System.nanoTime();
    return left > 0 ? Optional.of(new Admission(false, Duration.ofNanos(left))) : Optional.empty();
  }

  /** Counts a failed authentication; refused when the address is past its allowance. */
  public Admission failed(String address) {
    if (perMinute == 0) {
      return Admission.ADMITTED;
    }
    Admission admission = limiter.admit("auth:" + address, perMinute, PERIOD);
    if (!admission.admitted()) {
      blockedUntil.put(address, System.nanoTime() + admission.retryAfter().toNanos());
    }
    return admission;
  }
}
