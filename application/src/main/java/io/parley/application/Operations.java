package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.parley.adapters.LogSafe;
import io.parley.application.config.NearCacheFactory;
import io.parley.application.http.AdminAuthenticationFilter;
import io.parley.application.infra.CacheEfficiencyHealthCheck;
import io.parley.application.infra.Durations;
import io.parley.application.infra.PrometheusExport;
import io.parley.application.infra.RetentionWorker;
import io.parley.application.infra.SafeLogLevelTask;
import io.parley.application.infra.ThreadMetricsOncePerMinute;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs beside the API: the background work (retention, resumed tenant removals, the catalog
 * warm-up), Prometheus text and health checks, and the admin port locked to the admin key.
 */
final class Operations {
  private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

  private Operations() {}

  static void register(
      ParleyConfiguration config,
      Environment environment,
      Services services,
      Clock clock,
      String adminKey) {
    runRetention(config, environment, services, clock);
    resumeRemovals(environment, services);
    warmUp(config, environment, services);
    exportMetrics(environment);
    checkCacheEfficiency(config.getNearCache(), environment, clock);
    lockAdminPort(config, environment, adminKey);
  }

  /** The retention pass: on a timer, as an admin task, with metrics and a health check. */
  private static void runRetention(
      ParleyConfiguration config, Environment environment, Services services, Clock clock) {
    RetentionWorker worker =
        new RetentionWorker(
            services.retention(),
            environment.metrics(),
            clock,
            Durations.of(config.getRetention().getInterval()));
    worker.schedule(
        environment.lifecycle().scheduledExecutorService("parley-retention", true).build());
    environment.admin().addTask(worker.task());
    environment.healthChecks().register("retention", worker.healthCheck());
  }

  /** Tenant removals left running (a restart, an outage) continue: at start, then each minute. */
  private static void resumeRemovals(Environment environment, Services services) {
    environment
        .lifecycle()
        .scheduledExecutorService("parley-tenant-removal-resume", true)
        .build()
        .scheduleWithFixedDelay(
            () -> {
              try {
                services.removals().resumeRunning();
              } catch (RuntimeException e) {
                LOG.warn("Could not resume tenant removals: {}", LogSafe.describe(e));
              }
            },
            5,
            60,
            TimeUnit.SECONDS);
  }

  /** Loads the busiest tenants' opening suggestions before traffic arrives (off by default). */
  private static void warmUp(
      ParleyConfiguration config, Environment environment, Services services) {
    int tenants = config.getCatalog().getWarmUpTenants();
    if (tenants <= 0) {
      return;
    }
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                LOG.info(
                    "Warmed the suggestions of {} tenants", services.catalogs().warmUp(tenants, 5));
              }
            });
  }

  /** Prometheus text at admin /prometheus: the Dropwizard metrics and the JVM's. */
  private static void exportMetrics(Environment environment) {
    CollectorRegistry prometheus = new CollectorRegistry();
    prometheus.register(new PrometheusExport(environment.metrics()));
    // DefaultExports but the thread metrics, which stop the JVM at each read: once a minute.
    new StandardExports().register(prometheus);
    new MemoryPoolsExports().register(prometheus);
    new MemoryAllocationExports().register(prometheus);
    new BufferPoolsExports().register(prometheus);
    new GarbageCollectorExports().register(prometheus);
    ThreadMetricsOncePerMinute.prometheus().register(prometheus);
    new ClassLoadingExports().register(prometheus);
    new VersionInfoExports().register(prometheus);
    ThreadMetricsOncePerMinute.cacheDeadlockGauges(environment.metrics());
    environment
        .admin()
        .addServlet("prometheus", new MetricsServlet(prometheus))
        .addMapping("/prometheus");
  }

  private static void checkCacheEfficiency(
      NearCacheFactory nearCache, Environment environment, Clock clock) {
    environment
        .healthChecks()
        .register(
            "cache-efficiency",
            new CacheEfficiencyHealthCheck(
                environment.metrics(),
                nearCache.getEfficiencyThreshold(),
                Durations.of(nearCache.getEfficiencyWindow()),
                nearCache.getEfficiencyMinimumLookups(),
                clock));
  }

  /** The admin port answers the admin key only; the log-level task cannot expose data. */
  private static void lockAdminPort(
      ParleyConfiguration config, Environment environment, String adminKey) {
    environment
        .admin()
        .addFilter(
            "admin-authentication",
            new AdminAuthenticationFilter(adminKey, config.getApi().getMetricsToken()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment.admin().addTask(new SafeLogLevelTask()); // replaces Dropwizard's log-level
    environment
        .admin()
        .addFilter("log-level-guard", new SafeLogLevelTask.Guard())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/log-level");
  }
}
