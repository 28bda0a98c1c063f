package io.parley.application.testing;

import io.parley.application.ParleyApplication;

/** Fails the test instead of exiting the JVM when a command fails. */
public final class TestableParley extends ParleyApplication {
  @Override
  protected void onFatalError(Throwable t) {
    throw new AssertionError("command failed", t);
  }
}
