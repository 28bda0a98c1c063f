package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook series the alert rule ParleyWebhookBacklog reads, named and labelled as it reads
 * them.
 */
class PrometheusExportTest {
  @Test
  void webhookMetricsBecomeLabelledSeries() {
    MetricRegistry registry = new MetricRegistry();
    DropwizardAdapterMetrics metrics = new DropwizardAdapterMetrics(registry);
    String webhook = "0190a1b2-0000-7000-8000-000000000001";
    metrics.gauge("webhooks." + webhook + ".oldest-undelivered-seconds", () -> 42.5);
    metrics.increment("webhooks.delivery.dead");
    metrics.increment("webhooks.delivery.delivered");
    metrics.increment("webhooks.delivery.delivered");

    List<MetricFamilySamples> families = new PrometheusExport(registry).collect();

    MetricFamilySamples.Sample oldest =
        sample(families, "parley_webhook_oldest_undelivered_seconds");
    assertThat(oldest.labelNames).containsExactly("webhook");
    assertThat(oldest.labelValues).containsExactly(webhook);
    assertThat(oldest.value).isEqualTo(42.5);
    assertThat(
            families.stream()
                .filter(f -> f.name.equals("parley_webhook_deliveries"))
                .flatMap(f -> f.samples.stream())
                .filter(s -> s.labelValues.equals(List.of("delivered")))
                .map(s -> s.name + "=" + s.value))
        .containsExactly("parley_webhook_deliveries_total=2.0");
  }

  private static MetricFamilySamples.Sample sample(
      List<MetricFamilySamples> families, String name) {
    return families.stream()
        .filter(f -> f.name.equals(name))
        .flatMap(f -> f.samples.stream())
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not exported"));
  }
}
