package io.parley.application.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.domain.port.out.RequestLimiter;
import io.parley.domain.port.out.RequestLimiter.Admission;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds each client address to a number of failed authentications a minute, counted across
 * instances. Only failures are held back: a request is authenticated first and a valid key always
 * passes (keys are long random secrets, so letting a valid one through helps no guessing, and an
 * address shared behind a proxy cannot lock tenants out); a failure from an address past its
 * allowance is refused with 429 instead of 401, without another count. Successful requests cost
 * nothing here. Unknown keys are looked up like any other (the key near-cache keeps them).
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
