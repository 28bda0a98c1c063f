package io.parley.application.infra;

import com.codahale.metrics.health.HealthCheck;
import io.parley.adapters.postgres.ReadReplicas;
import java.time.Duration;

/** One replica: in rotation (answering, lag within the limit) or not, with its lag. */
public final class ReplicaHealthCheck extends HealthCheck {
  private final ReadReplicas.Replica replica;
  private final Duration maxLag;

  public ReplicaHealthCheck(ReadReplicas.Replica replica, Duration maxLag) {
    this.replica = replica;
    this.maxLag = maxLag;
  }

  @Override
  protected Result check() {
    if (!replica.up()) {
      return Result.unhealthy("%s does not answer: reads go to the primary", replica.name());
    }
    if (!replica.inRotation(maxLag)) {
      return Result.unhealthy(
          "%s lags %.2f s (over %d ms): out of rotation",
          replica.name(), replica.lagSeconds(), maxLag.toMillis());
    }
    return Result.healthy("%s lags %.2f s", replica.name(), replica.lagSeconds());
  }
}
