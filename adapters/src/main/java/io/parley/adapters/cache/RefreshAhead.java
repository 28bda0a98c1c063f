package io.parley.adapters.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where near-cache entries are reloaded before their TTL ends. Without it a hot entry (the one API
 * key every request of a tenant presents, a tenant's catalog version, a busy conversation's
 * reference context) expired every TTL and every request that arrived during its reload waited on
 * that one load: under an open-model load the agent context stalled 90-190 ms every 5 s (bench
 * /tail.sh). A reload is started by the first read of an entry past {@link #SHARE} of its TTL and
 * runs here while reads keep being served the held entry, which is still within its TTL and still
 * under the lease; what it loads is installed only if no change of the key came meanwhile (each
 * cache's own rule). Two threads, 256 queued; beyond that the reading thread reloads itself (as
 * every reader did before).
 */
final class RefreshAhead {
  /** The share of the TTL after which a read starts a reload. */
  static final double SHARE = 0.75;

  private static final AtomicInteger THREADS = new AtomicInteger();

  static final Executor EXECUTOR =
      new ThreadPoolExecutor(
          2,
          2,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          task -> {
            Thread thread = new Thread(task, "near-cache-refresh-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  static {
    ((ThreadPoolExecutor) EXECUTOR).allowCoreThreadTimeOut(true);
  }

  private RefreshAhead() {}
}
