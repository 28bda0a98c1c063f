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
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeWithin(app, 5_000)));
      return of(app.api, ExternalApp.ADMIN_KEY);
    }

    /**
     * Closes the app at the JVM's exit, waiting at most {@code millis}: its Jetty thread pool's
     * stop sometimes waited out its whole 30 s stop timeout there (a thread of the pool not ending;
     * surefire's dump showed this hook in {@code QueuedThreadPool.joinThreads}), and surefire then
     * killed the fork, 30 s of every suite run spent on nothing.
     */
    private static void closeWithin(ExternalApp app, long millis) {
      Thread closing = new Thread(app::close, "parley-cluster-app-close");
      closing.setDaemon(true);
      closing.start();
      try {
        closing.join(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
