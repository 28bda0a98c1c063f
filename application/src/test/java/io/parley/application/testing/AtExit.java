package io.parley.application.testing;

/**
 * Closes an app a whole test JVM shares when that JVM exits, waiting at most five seconds. Jetty's
 * thread pool sometimes waited out its whole 30 s stop timeout in such a shutdown hook (a thread of
 * the pool not ending; surefire's dump showed the hook in {@code QueuedThreadPool.joinThreads}),
 * and surefire then killed the fork: 30 s of a suite run spent on nothing. The JVM exits either
 * way, and the test's servers go with it.
 */
final class AtExit {
  private static final long WAIT_MILLIS = 5_000;

  private AtExit() {}

  static void close(String name, Runnable close) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Thread closing = new Thread(close, name);
                  closing.setDaemon(true);
                  closing.start();
                  try {
                    closing.join(WAIT_MILLIS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
  }
}
