package io.parley.application.commands;

import io.parley.adapters.demo.DemoDataLoader;
import java.util.Locale;

/**
 * Progress on a terminal as a bar with rate and ETA, redrawn in place; elsewhere (CI, a pipe) a
 * plain line every few seconds.
 */
final class ConsoleProgress implements DemoDataLoader.Progress {
  private static final long LINE_EVERY = 5_000_000_000L;
  private final boolean terminal;
  private String stage = "";
  private long stageStarted = System.nanoTime();
  private long lastPrinted;

  ConsoleProgress(boolean terminal) {
    this.terminal = terminal;
  }

  @Override
  public void advance(String stage, long done, long total) {
    long now = System.nanoTime();
    if (!stage.equals(this.stage)) {
      finish();
      this.stage = stage;
      stageStarted = now;
      lastPrinted = now;
    }
    boolean last = done >= total;
    if (!last && now - lastPrinted < (terminal ? 200_000_000L : LINE_EVERY)) {
      return;
    }
    lastPrinted = now;
    double seconds = Math.max(1e-9, (now - stageStarted) / 1e9);
    double rate = done / seconds;
    long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
    String status =
        String.format(
            Locale.ROOT,
            "%-9s %s %,d/%,d %5.1f%% %,.0f/s ETA %dm%02ds",
            stage,
            bar(done, total),
            done,
            total,
            100.0 * done / total,
            rate,
            eta / 60,
            eta % 60);
    if (terminal) {
      System.out.print("\r" + status);
    } else {
      System.out.println(status);
    }
  }

  void finish() {
    if (terminal && !stage.isEmpty()) {
      System.out.println();
    }
  }

  private static String bar(long done, long total) {
    int filled = (int) (30 * done / Math.max(1, total));
    return "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "]";
  }
}
