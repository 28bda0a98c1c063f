package io.parley.adapters.cache;

import com.github.benmanes.caffeine.cache.CacheLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * cache's own rule). Two threads, 256 queued; beyond that a reload is not started (the entry
 * expires at its TTL and the next read loads it, as every read did before). Caffeine's own
 * maintenance stays on its default executor: only the reloads run here.
 */
final class RefreshAhead {
  /** The share of the TTL after which a read starts a reload. */
  static final double SHARE = 0.75;

  private static final AtomicInteger THREADS = new AtomicInteger();

  static final Executor EXECUTOR = executor();

  private static ThreadPoolExecutor executor() {
    ThreadPoolExecutor executor =
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
            new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * A Caffeine loader whose reloads ahead of the TTL run on {@link #EXECUTOR}; one that cannot be
   * queued fails (Caffeine keeps the entry until its TTL) instead of running on the reader's
   * thread.
   */
  interface Loader<K, V> extends CacheLoader<K, V> {
    @Override
    default CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor ignored) {
      try {
        return CompletableFuture.supplyAsync(
            () -> {
              try {
                return reload(key, oldValue);
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            EXECUTOR);
      } catch (RejectedExecutionException busy) {
        return CompletableFuture.failedFuture(busy);
      }
    }
  }

  private RefreshAhead() {}
}
