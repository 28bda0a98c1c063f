package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.webhook.PublicAddresses;
import io.parley.adapters.webhook.WebhookRelay;
import io.parley.adapters.webhook.WebhookSender;
import io.parley.application.infra.Durations;
import io.parley.domain.service.WebhookService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;

/**
 * Webhooks (issue 27): the target rules, the relay's timing, retries and retention, and whether
 * writes log events at all ({@code outbox}: off only to measure what the outbox costs an append).
 */
public class WebhooksFactory {
  private boolean outbox = true;
  @NotNull private Set<String> allowedHosts = new HashSet<>();
  private boolean allowPrivate = false;
  @NotNull private Duration timeout = Duration.seconds(5);
  @NotNull private Duration pollInterval = Duration.milliseconds(100);
  @NotNull private Duration leaseTerm = Duration.seconds(10);
  @NotNull private Duration retryFor = Duration.hours(24);
  @NotNull private Duration initialBackoff = Duration.seconds(1);
  @NotNull private Duration maxBackoff = Duration.hours(1);
  @NotNull private Duration retention = Duration.days(3);

  @Min(1)
  @Max(64)
  private int concurrency = 8;

  @Min(1)
  private int maxPerTenant = 10;

  @Min(1)
  private int maxPerInstance = 1000;

  /** The use case; the relay runs with the application (stopped with it, leases given back). */
  public WebhookService build(
      Environment environment, PostgresAdapters postgres, AdapterMetrics metrics, Clock clock) {
    PublicAddresses addresses = new PublicAddresses(allowedHosts, allowPrivate);
    WebhookSender sender =
        new WebhookSender(
            addresses,
            Durations.of(timeout),
            maxPerInstance * concurrency,
            environment.lifecycle().scheduledExecutorService("parley-webhook-deadlines").build(),
            clock);
    WebhookRelay relay =
        new WebhookRelay(
            postgres.webhookOutbox(),
            sender,
            new WebhookRelay.Settings(
                Durations.of(pollInterval),
                Durations.of(leaseTerm),
                Durations.of(retryFor),
                Durations.of(initialBackoff),
                Durations.of(maxBackoff),
                Durations.of(retention),
                concurrency,
                maxPerInstance),
            metrics,
            clock,
            "parley-" + UUID.randomUUID(),
            environment
                .lifecycle()
                .scheduledExecutorService("parley-webhook-relay")
                .threads(2)
                .build(),
            environment
                .lifecycle()
                .executorService("parley-webhook-%d")
                .minThreads(0)
                .maxThreads(Integer.MAX_VALUE)
                .workQueue(new SynchronousQueue<>())
                .build());
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                relay.start();
              }

              @Override
              public void stop() throws Exception {
                relay.close();
                sender.close();
              }
            });
    return new WebhookService(postgres.webhooks(), addresses, clock, maxPerTenant);
  }

  @JsonProperty
  public boolean isOutbox() {
    return outbox;
  }

  @JsonProperty
  public void setOutbox(boolean outbox) {
    this.outbox = outbox;
  }

  @JsonProperty
  public Set<String> getAllowedHosts() {
    return allowedHosts;
  }

  @JsonProperty
  public void setAllowedHosts(Set<String> allowedHosts) {
    this.allowedHosts = allowedHosts;
  }

  @JsonProperty
  public boolean isAllowPrivate() {
    return allowPrivate;
  }

  @JsonProperty
  public void setAllowPrivate(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  @JsonProperty
  public Duration getPollInterval() {
    return pollInterval;
  }

  @JsonProperty
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  @JsonProperty
  public Duration getLeaseTerm() {
    return leaseTerm;
  }

  @JsonProperty
  public void setLeaseTerm(Duration leaseTerm) {
    this.leaseTerm = leaseTerm;
  }

  @JsonProperty
  public Duration getRetryFor() {
    return retryFor;
  }

  @JsonProperty
  public void setRetryFor(Duration retryFor) {
    this.retryFor = retryFor;
  }

  @JsonProperty
  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  @JsonProperty
  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  @JsonProperty
  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  @JsonProperty
  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  @JsonProperty
  public Duration getRetention() {
    return retention;
  }

  @JsonProperty
  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  @JsonProperty
  public int getConcurrency() {
    return concurrency;
  }

  @JsonProperty
  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  @JsonProperty
  public int getMaxPerTenant() {
    return maxPerTenant;
  }

  @JsonProperty
  public void setMaxPerTenant(int maxPerTenant) {
    this.maxPerTenant = maxPerTenant;
  }

  @JsonProperty
  public int getMaxPerInstance() {
    return maxPerInstance;
  }

  @JsonProperty
  public void setMaxPerInstance(int maxPerInstance) {
    this.maxPerInstance = maxPerInstance;
  }
}
