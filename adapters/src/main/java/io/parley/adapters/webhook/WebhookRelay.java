package io.parley.adapters.webhook;

import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.postgres.WebhookOutbox;
import io.parley.adapters.postgres.WebhookOutbox.Due;
import io.parley.adapters.postgres.WebhookOutbox.Round;
import io.parley.adapters.postgres.WebhookOutbox.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the change log's events to webhooks, on every instance. One instance at a time (the
 * {@code webhook-relay} lease) fans new events out in log order; each webhook is leased to one
 * instance, whose worker for it sends, of each conversation, the oldest open delivery (so one
 * conversation's events arrive in order), several conversations at once. A failure is retried with
 * exponential backoff and jitter until {@code retryFor} has passed since the first try, then
 * dead-lettered (it no longer holds back the conversation's later events). A slow or dead receiver
 * occupies only its own worker. A dead instance's leases run out and another takes over; what it
 * had sent but not recorded is sent again, under the same event id.
 */
public final class WebhookRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRelay.class);
  private static final int FAN_OUT_BATCH = 1000;
  private static final int PRUNE_BATCH = 10_000;

  /** The relay's settings (config {@code webhooks}). */
  public record Settings(
      Duration pollInterval,
      Duration leaseTerm,
      Duration retryFor,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration retention,
      int concurrency,
      int maxWebhooksPerInstance) {}

  private final WebhookOutbox outbox;
  private final WebhookSender sender;
  private final Settings settings;
  private final AdapterMetrics metrics;
  private final Clock clock;
  private final String holder;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Map<UUID, Worker> held = new ConcurrentHashMap<>();
  private final Map<UUID, Double> oldestSeconds = new ConcurrentHashMap<>();
  private final Object fannedOut = new Object();
  private volatile boolean stopped;
  private Instant lastClaim = Instant.EPOCH;
  private Instant lastPrune = Instant.EPOCH;

  public WebhookRelay(
      WebhookOutbox outbox,
      WebhookSender sender,
      Settings settings,
      AdapterMetrics metrics,
      Clock clock,
      String holder,
      ScheduledExecutorService scheduler,
      ExecutorService workers) {
    this.outbox = outbox;
    this.sender = sender;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.holder = holder;
    this.scheduler = scheduler;
    this.workers = workers;
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(
        this::tick, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The webhooks this instance delivers now. */
  public Set<UUID> heldWebhooks() {
    return Set.copyOf(held.keySet());
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      if (outbox.holdRelay(holder, settings.leaseTerm())) {
        fanOut();
        if (Duration.between(lastPrune, now).toMinutes() >= 1) {
          lastPrune = now;
          outbox.prune(settings.retention(), PRUNE_BATCH);
        }
      }
      if (Duration.between(lastClaim, now).compareTo(settings.leaseTerm().dividedBy(4)) >= 0) {
        lastClaim = now;
        claim();
      }
    } catch (RuntimeException e) {
      // PostgreSQL unreachable or the like: the next tick tries again; the leases run out if it
      // lasts, and nothing is lost (the events wait in the log).
      LOG.warn("Webhook relay pass failed: {}", e.getClass().getSimpleName());
    }
  }

  private void fanOut() {
    int taken;
    int total = 0;
    do {
      taken = outbox.fanOut(FAN_OUT_BATCH);
      total += taken;
    } while (taken == FAN_OUT_BATCH && total < 20 * FAN_OUT_BATCH);
    if (total > 0) {
      synchronized (fannedOut) {
        fannedOut.notifyAll();
      }
    }
  }

  private void claim() {
    List<Target> targets =
        outbox.claim(holder, settings.leaseTerm(), settings.maxWebhooksPerInstance());
    List<UUID> ids = new ArrayList<>();
    for (Target target : targets) {
      ids.add(target.id());
      held.computeIfAbsent(
          target.id(),
          id -> {
            Worker worker = new Worker(target);
            metrics.gauge(
                "webhooks." + id + ".oldest-undelivered-seconds",
                () -> oldestSeconds.getOrDefault(id, 0.0));
            worker.future = workers.submit(worker::run);
            return worker;
          });
    }
    held.keySet()
        .removeIf(
            id -> {
              if (ids.contains(id)) {
                return false;
              }
              Worker gone = held.get(id);
              gone.stop();
              oldestSeconds.remove(id);
              return true;
            });
  }

  /** The loop that delivers one leased webhook's events. */
  private final class Worker {
    private final Target target;
    private volatile boolean running = true;
    private Future<?> future;

    Worker(Target target) {
      this.target = target;
    }

    void stop() {
      running = false;
      if (future != null) {
        future.cancel(true);
      }
    }

    void run() {
      while (running && !stopped && !Thread.currentThread().isInterrupted()) {
        try {
          Round round = outbox.due(target, settings.concurrency() * 8);
          Instant now = clock.instant();
          oldestSeconds.put(
              target.id(),
              round.oldestUndelivered() == null
                  ? 0.0
                  : Math.max(
                      0, Duration.between(round.oldestUndelivered(), now).toMillis() / 1000.0));
          if (round.due().isEmpty()) {
            idle(round.nextDue(), now);
          } else {
            deliver(round.due());
          }
        } catch (RuntimeException e) {
          LOG.warn("Webhook delivery round failed: {}", e.getClass().getSimpleName());
          sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void idle(Instant nextDue, Instant now) throws InterruptedException {
      long wait = settings.pollInterval().toMillis();
      if (nextDue != null) {
        wait = Math.max(1, Math.min(wait, Duration.between(now, nextDue).toMillis()));
      }
      synchronized (fannedOut) {
        fannedOut.wait(wait);
      }
    }

    private void deliver(List<Due> due) throws InterruptedException {
      List<Future<Optional<String>>> sent = new ArrayList<>();
      List<Due> batch = new ArrayList<>();
      for (Due event : due) {
        batch.add(event);
        sent.add(workers.submit(() -> sender.send(target, event)));
        if (batch.size() == settings.concurrency()) {
          record(batch, sent);
          batch.clear();
          sent.clear();
        }
      }
      record(batch, sent);
    }

    private void record(List<Due> batch, List<Future<Optional<String>>> sent)
        throws InterruptedException {
      List<Long> delivered = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Optional<String> failure;
        try {
          failure = sent.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          failure = Optional.of("delivery failed: " + e.getCause().getClass().getSimpleName());
        }
        Due event = batch.get(i);
        if (event.attempts() > 0) {
          metrics.increment("webhooks.delivery.retried");
        }
        if (failure.isEmpty()) {
          delivered.add(event.delivery());
          metrics.increment("webhooks.delivery.delivered");
        } else {
          failed(event, failure.get());
        }
      }
      outbox.delivered(target, delivered);
    }

    private void failed(Due event, String error) {
      Instant now = clock.instant();
      // Retried for retryFor since it became due, and at least once whatever the clock says.
      boolean dead =
          event.attempts() > 0 && !now.isBefore(event.retryFrom().plus(settings.retryFor()));
      metrics.increment(dead ? "webhooks.delivery.dead" : "webhooks.delivery.failed");
      outbox.failed(target, event.delivery(), error, now.plus(backoff(event.attempts() + 1)), dead);
    }
  }

  /** Exponential, capped, with "equal jitter": half fixed, half random. */
  Duration backoff(int attempt) {
    long base = settings.initialBackoff().toMillis();
    long cap = settings.maxBackoff().toMillis();
    long exp = attempt >= 30 ? cap : Math.min(cap, base << Math.min(attempt - 1, 30));
    long half = Math.max(1, exp / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped = true;
    held.values().forEach(Worker::stop);
    held.clear();
    try {
      outbox.release(holder);
      outbox.releaseRelay(holder);
    } catch (RuntimeException e) {
      LOG.warn("Webhook leases not released (they run out): {}", e.getClass().getSimpleName());
    }
  }
}
