package io.parley.domain.port.in;

import io.parley.domain.model.RetentionReport;
import java.util.Optional;

/** One retention pass over every tenant. */
public interface RunRetentionUseCase {
  /** Runs a pass now; empty when another instance is running one. */
  Optional<RetentionReport> runPass();

  /** When a pass last succeeded, on any instance. */
  Optional<java.time.Instant> lastSuccessfulPass();
}
