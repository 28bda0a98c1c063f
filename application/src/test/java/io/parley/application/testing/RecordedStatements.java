package io.parley.application.testing;

import io.parley.application.infra.StatementCounter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every distinct SQL text the test apps of this JVM ran, from the first app's start on. */
public final class RecordedStatements {
  private static final Set<String> SQL = ConcurrentHashMap.newKeySet();

  static {
    StatementCounter.observe(SQL::add);
  }

  private RecordedStatements() {}

  /** Starts recording (once per JVM). */
  public static void start() {
    // The static initializer does it.
  }

  public static List<String> all() {
    return List.copyOf(SQL);
  }
}
