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
 * Redis that keeps failing. When the circuit closes again the recovery listeners run (clear L1,
 * repair keys whose writes were missed).
 */
public final class RedisGuard {
  private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);
  private final UnifiedJedis redis;
  private final CircuitBreaker breaker;
  private final AdapterMetrics metrics;
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

  public RedisGuard(UnifiedJedis redis, Duration openFor, AdapterMetrics metrics) {
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
                .slowCallDurationThreshold(Duration.ofMillis(50))
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
      recoveryListeners.forEach(Runnable::run);
    }
  }

  /** Runs a command; unanswered when Redis failed or the circuit is open. */
  public <T> Answer<T> call(Function<UnifiedJedis, T> command) {
    if (!breaker.tryAcquirePermission()) {
      metrics.increment("redis.rejected");
      return new Answer<>(false, null);
    }
    long start = System.nanoTime();
    try {
      T result = command.apply(redis);
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return new Answer<>(true, result);
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
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

  public boolean isOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /** Runs {@code listener} each time the circuit closes after having opened. */
  public void onRecovery(Runnable listener) {
    recoveryListeners.add(listener);
  }
}
