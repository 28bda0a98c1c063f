package io.parley.application.infra;

import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import io.parley.adapters.LogSafe;

/**
 * Dropwizard's mapper of unexpected exceptions (500 with an error id, the id in the log), logging
 * through {@link LogSafe}: an unexpected JDBI or driver failure carries the statement's bound
 * arguments in its message, and those are customer text.
 */
public final class SafeLoggingExceptionMapper extends LoggingExceptionMapper<Throwable> {
  @Override
  protected void logException(long id, Throwable exception) {
    logger.error(
        "Error handling a request: {} ({})",
        String.format("%016x", id),
        LogSafe.describe(exception),
        LogSafe.scrubbed(exception));
  }
}
