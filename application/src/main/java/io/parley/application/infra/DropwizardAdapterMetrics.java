package io.parley.application.infra;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.parley.adapters.AdapterMetrics;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The adapters' metrics as Dropwizard metrics, in the registry /metrics and /prometheus show. */
public final class DropwizardAdapterMetrics implements AdapterMetrics {
  private final MetricRegistry registry;

  public DropwizardAdapterMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void increment(String name) {
    registry.counter(name).inc();
  }

  @Override
  public void time(String name, long nanos) {
    registry.timer(name).update(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void gauge(String name, Supplier<Number> value) {
    registry.gauge(name, () -> (Gauge<Number>) value::get);
  }

  @Override
  public void readFrom(String target) {
    ReadTargets.record(target);
  }
}
