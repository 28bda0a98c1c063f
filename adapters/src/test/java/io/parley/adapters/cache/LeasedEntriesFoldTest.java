package io.parley.adapters.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Folding the per-key stamps into one floor (past the bound, and when everything is forgotten)
 * keeps every change it does not cover: a change recorded while a fold runs, with a stamp above the
 * floor, still refuses a read that began before it. The fold's seam stops it where a concurrent
 * change may land (floor raised, stamps not yet dropped).
 */
class LeasedEntriesFoldTest {
  private final AtomicReference<Runnable> duringFold = new AtomicReference<>();
  private final LeasedEntries<String, String> entries =
      new LeasedEntries<>(
          Caffeine.newBuilder().build(),
          Coherence.alone(),
          (held, fresh) -> fresh,
          2,
          () -> {
            Runnable once = duringFold.getAndSet(null);
            if (once != null) {
              once.run();
            }
          });

  @Test
  void aChangeRecordedWhileTheStampsAreFoldedRefusesAReadThatBeganBeforeIt() throws Exception {
    entries.install("b", "b1", entries.stamp());
    entries.changed("x1");
    entries.changed("x2"); // two stamps: at the bound

    AtomicLong readBegan = new AtomicLong();
    ConcurrentChange change = new ConcurrentChange();
    duringFold.set(
        () -> {
          readBegan.set(entries.stamp()); // a read of "b" begins: it reads b1
          change.recordedNow("b");
        });
    entries.changed("x3"); // past the bound: folds
    change.finish();

    entries.install("b", "b1", readBegan.get()); // the read that began before the change ends
    assertThat(entries.held("b")).as("what the read saw, older than the change").isNull();
  }

  @Test
  void aChangeRecordedWhileEverythingIsForgottenRefusesAReadThatBeganBeforeIt() {
    entries.install("b", "b1", entries.stamp());

    AtomicLong readBegan = new AtomicLong();
    duringFold.set(
        () -> {
          readBegan.set(entries.stamp());
          entries.changed("b"); // as another thread's change landing here would
        });
    entries.forgetAll();

    entries.install("b", "b1", readBegan.get());
    assertThat(entries.held("b")).as("what the read saw, older than the change").isNull();
  }

  @Test
  void aFoldStillRefusesEveryReadThatBeganBeforeTheChangesItDropped() {
    long before = entries.stamp();
    entries.changed("a");
    entries.changed("x1");
    entries.changed("x2"); // past the bound: folded

    entries.install("a", "a-old", before);
    assertThat(entries.held("a")).isNull();
    long after = entries.stamp();
    entries.install("a", "a-new", after);
    assertThat(entries.held("a")).isEqualTo("a-new");
  }

  /**
   * A change of a key on another thread, stopped after it recorded its stamp and before it looks at
   * the number of stamps (while {@code changed}'s {@code stillCurrent} runs).
   */
  private final class ConcurrentChange {
    private final CountDownLatch recorded = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private CompletableFuture<Void> running;

    void recordedNow(String key) {
      running =
          CompletableFuture.runAsync(
              () ->
                  entries.changed(
                      key,
                      held -> {
                        recorded.countDown();
                        await(release);
                        return false;
                      }));
      await(recorded);
    }

    void finish() throws Exception {
      release.countDown();
      running.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
      try {
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
