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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the change log's events to webhooks, on every instance. One instance at a time (the
 * {@code webhook-relay} lease) fans new events out in log order; each webhook is leased to one
 * instance, whose worker for it sends, of each conversation, the oldest open delivery (so one
 * conversation's events arrive in order), several conversations at once. A worker gets nothing to
 * send once its lease has run out (the outbox checks it), and leases are renewed on a thread of
 * their own, apart from the fan-out. A failure is retried with exponential backoff and jitter until
 * {@code retryFor} has passed since the first try, then dead-lettered (it no longer holds back the
 * conversation's later events). A slow or dead receiver occupies only its own worker. A dead
 * instance's leases run out and another takes over; what it had sent but not recorded is sent
 * again, under the same event id.
 */
public final class WebhookRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRelay.class);
  private static final int FAN_OUT_BATCH = 1000;
  private static final int PRUNE_BATCH = 10_000;
  private static final long MAX_IDLE_MILLIS = 1000;

  /** Events of one conversation sent one after the other in a round. */
  private static final int PER_CONVERSATION = 32;

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
  private volatile boolean stopped;
  private Instant lastPrune = Instant.EPOCH;

  /** {@code scheduler} needs two threads: the fan-out and the lease renewals run apart. */
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
        this::relay, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        this::claim, 0, settings.leaseTerm().toMillis() / 4, TimeUnit.MILLISECONDS);
  }

  /** The webhooks this instance delivers now. */
  public Set<UUID> heldWebhooks() {
    return Set.copyOf(held.keySet());
  }

  /** Fans out new events (while this instance holds the relay lease) and prunes old ones. */
  private void relay() {
    try {
      if (stopped || !outbox.holdRelay(holder, settings.leaseTerm())) {
        return;
      }
      fanOut();
      Instant now = clock.instant();
      if (Duration.between(lastPrune, now).toMinutes() >= 1) {
        lastPrune = now;
        prune(now);
      }
    } catch (RuntimeException e) {
      // PostgreSQL unreachable or the like: the next pass tries again; nothing is lost (the
      // events wait in the log).
      LOG.warn("Webhook fan-out failed: {}", e.getClass().getSimpleName());
    }
  }

  private void fanOut() {
    for (int batches = 0; batches < 20; batches++) {
      WebhookOutbox.FanOut out = outbox.fanOut(FAN_OUT_BATCH);
      out.webhooks().forEach(id -> wake(held.get(id)));
      if (out.events() < FAN_OUT_BATCH) {
        return;
      }
    }
  }

  /**
   * Deletes past the retention until a batch comes back short, for at most ten seconds; then
   * releases blocked deliveries nothing holds back.
   */
  private void prune(Instant started) {
    while (outbox.prune(settings.retention(), PRUNE_BATCH) >= PRUNE_BATCH
        && Duration.between(started, clock.instant()).toSeconds() < 10) {
      // another batch
    }
    outbox.releaseUnheld();
  }

  /** Renews this instance's webhook leases, takes free ones, and runs a worker for each. */
  private void claim() {
    if (stopped) {
      return;
    }
    List<Target> targets;
    try {
      targets = outbox.claim(holder, settings.leaseTerm(), settings.maxWebhooksPerInstance());
    } catch (RuntimeException e) {
      // The leases run out if this lasts; the workers' outbox calls then return nothing.
      LOG.warn("Webhook lease renewal failed: {}", e.getClass().getSimpleName());
      return;
    }
    List<UUID> ids = targets.stream().map(Target::id).toList();
    for (Target target : targets) {
      held.compute(
          target.id(),
          (id, worker) -> {
            if (worker != null && !worker.future.isDone()) {
              return worker;
            }
            metrics.gauge(
                "webhooks." + id + ".oldest-undelivered-seconds",
                () -> oldestSeconds.getOrDefault(id, 0.0));
            Worker started = new Worker(target);
            started.future = workers.submit(started::run);
            return started;
          });
    }
    held.keySet()
        .removeIf(
            id -> {
              if (ids.contains(id)) {
                return false;
              }
              held.get(id).stop();
              oldestSeconds.remove(id);
              return true;
            });
  }

  private static void wake(Worker worker) {
    if (worker != null) {
      synchronized (worker) {
        worker.notifyAll();
      }
    }
  }

  /** The loop that delivers one leased webhook's events. */
  private final class Worker {
    private final Target target;
    private volatile boolean running = true;
    private volatile Future<?> future;

    Worker(Target target) {
      this.target = target;
    }

    /** Ends the loop after the round in flight (whose sends are bounded by the timeout). */
    void stop() {
      running = false;
      wake(this);
    }

    void run() {
      while (running && !stopped) {
        try {
          Round round = outbox.due(target, holder, PER_CONVERSATION, settings.concurrency() * 64);
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
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Throwable e) { // NOPMD: a worker must not die silently while its lease is renewed
          LOG.warn("Webhook delivery round failed: {}", e.getClass().getSimpleName());
          pause(settings.pollInterval().toMillis());
        }
      }
    }

    /**
     * Until the next failed delivery is due (at least a poll interval, so the retries falling due
     * meanwhile go in one round; at most a second), or new deliveries wake it.
     */
    private void idle(Instant nextDue, Instant now) throws InterruptedException {
      long least = Math.max(1, settings.pollInterval().toMillis());
      long wait =
          nextDue == null
              ? MAX_IDLE_MILLIS
              : Math.max(
                  least, Math.min(MAX_IDLE_MILLIS, Duration.between(now, nextDue).toMillis()));
      synchronized (this) {
        if (running && !stopped) {
          wait(wait);
        }
      }
    }

    private void pause(long millis) {
      try {
        synchronized (this) {
          wait(millis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Sends each conversation's due events in order, one conversation per task, {@code concurrency}
     * conversations at a time; a conversation stops at its first failure (the rest wait for its
     * retry). Records what was acknowledged in one statement a batch.
     */
    private void deliver(List<Due> due) throws InterruptedException {
      Map<String, List<Due>> queues = new java.util.LinkedHashMap<>();
      due.forEach(e -> queues.computeIfAbsent(e.queue(), q -> new ArrayList<>()).add(e));
      List<List<Due>> pending = new ArrayList<>(queues.values());
      for (int from = 0; from < pending.size(); from += settings.concurrency()) {
        List<Future<List<Long>>> sent = new ArrayList<>();
        for (List<Due> queue :
            pending.subList(from, Math.min(pending.size(), from + settings.concurrency()))) {
          sent.add(workers.submit(() -> sendInOrder(queue)));
        }
        List<Long> delivered = new ArrayList<>();
        for (Future<List<Long>> queue : sent) {
          try {
            delivered.addAll(queue.get());
          } catch (ExecutionException e) {
            LOG.warn("Webhook send failed: {}", e.getCause().getClass().getSimpleName());
          }
        }
        outbox.delivered(target, delivered);
      }
    }

    private List<Long> sendInOrder(List<Due> queue) {
      List<Long> delivered = new ArrayList<>();
      for (Due event : queue) {
        if (event.attempts() > 0) {
          metrics.increment("webhooks.delivery.retried");
        }
        Optional<String> failure = sender.send(target, event);
        if (failure.isPresent()) {
          failed(event, failure.get());
          break;
        }
        delivered.add(event.delivery());
        metrics.increment("webhooks.delivery.delivered");
      }
      return delivered;
    }

    private void failed(Due event, String error) {
      Instant now = clock.instant();
      // Retried for retryFor since the first try (retryFrom is set then), and at least once.
      boolean dead =
          event.attempts() > 0 && !now.isBefore(event.retryFrom().plus(settings.retryFor()));
      metrics.increment(dead ? "webhooks.delivery.dead" : "webhooks.delivery.failed");
      outbox.failed(target, holder, event, error, now.plus(backoff(event.attempts() + 1)), dead);
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

  /**
   * Stops the workers, lets the sends in flight finish (bounded by the timeout), then gives the
   * leases back, so another instance's first sends cannot overtake this one's last.
   */
  @Override
  public void close() {
    stopped = true;
    held.values().forEach(Worker::stop);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Worker worker : held.values()) {
      try {
        worker.future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException
          | TimeoutException
          | java.util.concurrent.CancellationException e) {
        worker.future.cancel(true);
      }
    }
    held.clear();
    try {
      outbox.release(holder);
      outbox.releaseRelay(holder);
    } catch (RuntimeException e) {
      LOG.warn("Webhook leases not released (they run out): {}", e.getClass().getSimpleName());
    }
  }
}
