package io.parley.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Parley that whole-app tests talk to: its API, its admin key, and tenants of their own.
 * {@link #standalone()} is the shared embedded default; {@link #onRedisCluster()} a shared instance
 * whose Redis is a real 3-master cluster, so the same tests run on both topologies.
 */
public interface RunningApp {
  ApiClient api();

  String adminKey();

  /** A new tenant: its id and its first API key. */
  default TestApp.TenantKey newTenant() {
    String slug = "shop-" + Slugs.NEXT.incrementAndGet() + "-" + System.nanoTime();
    Reply created =
        api().post("/v1/tenants", adminKey(), "{\"name\":\"Shop\",\"slug\":\"" + slug + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new TestApp.TenantKey(created.text("id"), created.text("apiKey"));
  }

  static RunningApp standalone() {
    return of(TestApp.api(), TestApp.ADMIN_KEY);
  }

  static RunningApp onRedisCluster() {
    return OnCluster.APP;
  }

  static RunningApp of(ApiClient api, String adminKey) {
    return new RunningApp() {
      @Override
      public ApiClient api() {
        return api;
      }

      @Override
      public String adminKey() {
        return adminKey;
      }
    };
  }

  /** Slugs unique across both apps. */
  final class Slugs {
    static final AtomicInteger NEXT = new AtomicInteger();

    private Slugs() {}
  }

  /** One instance per test JVM on the shared test cluster, started on first use. */
  final class OnCluster {
    static final RunningApp APP = start();

    private OnCluster() {}

    private static RunningApp start() {
      ExternalApp app =
          new ExternalApp(
              TestServers.newDatabase().jdbcUrl(),
              "none",
              "redis.clusterNodes",
              TestServers.redisCluster().nodes());
      AtExit.close("parley-cluster-app-close", app::close);
      return of(app.api, ExternalApp.ADMIN_KEY);
    }
  }
}
