package io.parley.adapters.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.parley.adapters.AdapterMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Every Redis command goes through here. A failure or timeout becomes an unanswered {@link Answer}
 * (the caller falls back to PostgreSQL), and a circuit breaker stops requests from waiting on a
 * Redis that keeps failing. When the circuit closes again the repairs run (write positions Redis
 * missed).
 */
public final class RedisGuard {
  private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);

  /**
   * How long after any failed or refused command cached values are not trusted: long enough for
   * every instance's repairs (each 250 ms) and a cluster's slot map (refreshed each second) to
   * catch up. Writes Redis missed meanwhile, or that a killed master took with it, are repaired or
   * overwritten from PostgreSQL in that time rather than served.
   */
  static final long DISTRUST_AFTER_TROUBLE = Duration.ofSeconds(2).toNanos();

  private static final Duration SLOW_CALL_THRESHOLD = Duration.ofMillis(50);
  private static final long SLOW_CALL = SLOW_CALL_THRESHOLD.toNanos();

  private final UnifiedJedis redis;
  private final CircuitBreaker breaker;
  private final AdapterMetrics metrics;
  private final List<Runnable> repairs = new CopyOnWriteArrayList<>();
  private volatile long lastTrouble = System.nanoTime() - DISTRUST_AFTER_TROUBLE;
  private final boolean slowCallsAreTrouble;

  public RedisGuard(UnifiedJedis redis, Duration openFor, AdapterMetrics metrics) {
    this(redis, openFor, metrics, true);
  }

  /**
   * {@code failover}: whether this Redis can promote a replica that lacks acknowledged writes (a
   * cluster). Only then does a slow call, one over {@link #SLOW_CALL_THRESHOLD} that still
   * succeeded, start the distrust window: a master paused for a manual failover answers slowly
   * before its replica takes over with older data. A standalone Redis cannot hand its keys to an
   * older copy, and on 2 cores under load a call's wall time passes 50 ms from the JVM's own stalls
   * (the bench saw reads sent to PostgreSQL for that, not for any Redis trouble); failures and
   * refusals start the window everywhere.
   */
  public RedisGuard(
      UnifiedJedis redis, Duration openFor, AdapterMetrics metrics, boolean failover) {
    this.slowCallsAreTrouble = failover;
    this.redis = redis;
    this.metrics = metrics;
    this.breaker =
        CircuitBreaker.of(
            "redis",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(SLOW_CALL_THRESHOLD)
                .slowCallRateThreshold(80)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(event -> transitioned(event.getStateTransition()));
    metrics.gauge("redis.circuit.state", this::stateCode);
  }

  private void transitioned(CircuitBreaker.StateTransition transition) {
    LOG.warn("Redis circuit {}", transition);
    if (transition.getToState() == CircuitBreaker.State.CLOSED) {
      repairs.forEach(Runnable::run);
    }
  }

  /** Runs a command; unanswered when Redis failed or the circuit is open. */
  public <T> Answer<T> call(Function<UnifiedJedis, T> command) {
    if (!breaker.tryAcquirePermission()) {
      lastTrouble = System.nanoTime();
      metrics.increment("redis.rejected");
      return new Answer<>(false, null);
    }
    long start = System.nanoTime();
    try {
      T result = command.apply(redis);
      long took = System.nanoTime() - start;
      breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      if (took > SLOW_CALL) {
        metrics.increment("redis.slow");
        if (slowCallsAreTrouble) {
          lastTrouble = System.nanoTime(); // a paused or failing-over node answers slowly
        }
      }
      return new Answer<>(true, result);
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      lastTrouble = System.nanoTime();
      metrics.increment("redis.errors");
      return new Answer<>(false, null);
    }
  }

  /** Whether Redis answered, and what (null for a key it does not hold). */
  public record Answer<T>(boolean answered, T value) {}

  /** The circuit state as a number for metrics: 0 closed, 1 open, 2 half-open. */
  public int stateCode() {
    return switch (breaker.getState()) {
      case CLOSED, DISABLED, METRICS_ONLY -> 0;
      case HALF_OPEN -> 2;
      default -> 1;
    };
  }

  /**
   * Whether values read from Redis may be served: not within {@link #DISTRUST_AFTER_TROUBLE} of a
   * failure, when some writes may have missed Redis and not been repaired yet.
   */
  public boolean trusted() {
    return System.nanoTime() - lastTrouble > DISTRUST_AFTER_TROUBLE;
  }

  public boolean isOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * Registers a repair of writes Redis missed: run when the circuit closes and on every {@link
   * #repair()}. On a cluster one slot range can be down while the others answer (the circuit then
   * need not open at all), so waiting for a close is not enough.
   */
  public void onRepair(Runnable repair) {
    repairs.add(repair);
  }

  /** Runs the registered repairs; each does nothing when none wait. */
  public void repair() {
    repairs.forEach(Runnable::run);
  }

  /**
   * Runs a repair command past the circuit breaker: a breaker opened by slow calls during a
   * failover must not keep a missed write from being repaired while readers trust Redis.
   */
  public <T> Answer<T> repairCall(Function<UnifiedJedis, T> command) {
    try {
      return new Answer<>(true, command.apply(redis));
    } catch (RuntimeException e) {
      metrics.increment("redis.repairs.failed");
      return new Answer<>(false, null);
    }
  }
}
