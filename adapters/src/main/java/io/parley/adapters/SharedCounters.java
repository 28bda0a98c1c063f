package io.parley.adapters;

import io.parley.adapters.postgres.WritePositions;
import io.parley.domain.port.out.RequestLimiter;
import java.time.Duration;

/**
 * What the instances share besides caches: where each scope's newest write is (so a replica read is
 * routed only to a replica that has replayed it) and request allowances. Redis holds them when
 * there is a shared tier; {@link #local()} keeps them in this instance otherwise.
 */
public interface SharedCounters {
  /** Where each scope's newest write is, for every instance to see (replica routing). */
  WritePositions writePositions(Duration maxReplicaLag);

  /** Request allowances shared by every instance; {@code local} while there is no shared tier. */
  RequestLimiter requestLimiter(RequestLimiter local);

  /** One instance: positions and allowances kept here. */
  static SharedCounters local() {
    return new SharedCounters() {
      @Override
      public WritePositions writePositions(Duration maxReplicaLag) {
        return WritePositions.local();
      }

      @Override
      public RequestLimiter requestLimiter(RequestLimiter local) {
        return local;
      }
    };
  }
}
