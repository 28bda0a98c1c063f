package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Limits that hold across instances: a tenant's request rate counted once for two instances, the
 * operator's per-tenant override, and the failed-authentication throttle (on by default).
 */
class AbuseLimitsAppTest {
  private static final int PER_SECOND = 10;

  @Test
  void twoInstancesTogetherAdmitTheConfiguredRateNotTwiceIt() throws Exception {
    String database = TestServers.newDatabase().jdbcUrl();
    String redis = TestServers.redis().url();
    // A generous Redis timeout: on a loaded machine a slow answer would (rightly) fall back to
    // per-instance limits, which is not what this test is about.
    String[] settings = {
      "api.tenantRequestsPerSecond", "" + PER_SECOND, "redis.socketTimeout", "2s"
    };
    try (ExternalApp first = new ExternalApp(database, redis, settings);
        ExternalApp second = new ExternalApp(database, redis, settings)) {
      Reply tenant =
          first.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Busy\",\"slug\":\"busy-two\"}");
      String path = "/v1/tenants/" + tenant.text("id") + "/conversations";
      String key = tenant.text("apiKey");

      java.util.concurrent.atomic.AtomicInteger admittedCount =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger refusedCount =
          new java.util.concurrent.atomic.AtomicInteger();
      long started = System.nanoTime();
      long until = started + Duration.ofSeconds(3).toNanos();
      java.util.concurrent.ExecutorService clients =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
      for (int c = 0; c < 8; c++) {
        ExternalApp app = c % 2 == 0 ? first : second;
        running.add(
            clients.submit(
                () -> {
                  while (System.nanoTime() < until) {
                    Reply reply = app.api.get(path, key);
                    if (reply.status() == 200) {
                      admittedCount.incrementAndGet();
                    } else {
                      assertThat(reply.status()).isEqualTo(429);
                      assertThat(reply.raw().headers().firstValue("Retry-After")).isPresent();
                      refusedCount.incrementAndGet();
                    }
                  }
                }));
      }
      for (java.util.concurrent.Future<?> client : running) {
        client.get();
      }
      clients.shutdown();
      long elapsed = System.nanoTime() - started;
      int admitted = admittedCount.get();
      int refused = refusedCount.get();

      // GCRA: a second's worth at once, then the rate. Per-instance limits would admit twice it.
      double seconds = elapsed / 1e9;
      double allowed = PER_SECOND + PER_SECOND * seconds;
      System.out.printf(
          "two instances at %d/s: admitted %d, refused %d in %.2f s (at most %.1f);"
              + " redis errors %d/%d, rejected %d/%d%n",
          PER_SECOND,
          admitted,
          refused,
          seconds,
          allowed,
          first.counter("redis.errors"),
          second.counter("redis.errors"),
          first.counter("redis.rejected"),
          second.counter("redis.rejected"));
      assertThat(refused).isPositive();
      assertThat((double) admitted)
          .as("admitted %d in %.2f s by two instances at %d/s", admitted, seconds, PER_SECOND)
          .isLessThanOrEqualTo(allowed + 2)
          .isGreaterThanOrEqualTo(PER_SECOND * seconds * 0.8);
    }
  }

  @Test
  void theOperatorSetsATenantsOwnLimitAndOnlyTheOperator() {
    try (ExternalApp app = new ExternalApp(TestServers.newDatabase().jdbcUrl(), "none")) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Own\",\"slug\":\"own-limit\"}");
      String base = "/v1/tenants/" + tenant.text("id");
      String key = tenant.text("apiKey");

      Reply byTenant = app.api.patch(base, key, "{\"requestsPerSecond\": 1000}");
      assertThat(byTenant.status()).isEqualTo(403);
      assertThat(byTenant.text("message")).contains("requestsPerSecond");
      assertThat(app.api.patch(base, ExternalApp.ADMIN_KEY, "{\"requestsPerSecond\": 0}").status())
          .isEqualTo(422);
      Reply set = app.api.patch(base, ExternalApp.ADMIN_KEY, "{\"requestsPerSecond\": 2}");
      assertThat(set.status()).as(set.toString()).isEqualTo(200);
      assertThat(set.body().path("requestsPerSecond").asInt()).isEqualTo(2);

      // Held within the refresh interval, without a restart.
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> burst(app, base + "/conversations", key) == 429);

      assertThat(
              app.api.patch(base, ExternalApp.ADMIN_KEY, "{\"requestsPerSecond\": null}").status())
          .isEqualTo(200);
      assertThat(app.api.get(base, ExternalApp.ADMIN_KEY).body().path("requestsPerSecond").isNull())
          .isTrue();
    }
  }

  @Test
  void
      failedAuthenticationIsThrottledPerAddressByDefaultValidKeysPassAndForgedForwardingDoesNotEscapeIt() {
    try (ExternalApp app = new ExternalApp(TestServers.newDatabase().jdbcUrl(), "none")) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"T\",\"slug\":\"throttled\"}");
      String path = "/v1/tenants/" + tenant.text("id") + "/conversations";
      String forged = "prl_" + tenant.text("id").replace("-", "") + "_" + "A".repeat(43);

      int unauthorized = 0;
      Reply last = null;
      for (int i = 0; i < 40; i++) {
        // A new forwarded address each time: not a trusted proxy's, so it is ignored.
        last = app.api.get(path, forged, Map.of("X-Forwarded-For", "203.0.113." + i));
        if (last.status() == 401) {
          unauthorized++;
        } else {
          break;
        }
      }

      assertThat(unauthorized).isEqualTo(30);
      assertThat(last.status()).isEqualTo(429);
      assertThat(last.text("message")).contains("failed authentications");
      assertThat(Long.parseLong(last.raw().headers().firstValue("Retry-After").orElseThrow()))
          .isPositive();

      // Valid keys from the throttled address still pass: only failures are held back, so no
      // stream of wrong keys from a shared address (a load balancer's) locks tenants out.
      Reply tenantKey = app.api.get(path, tenant.text("apiKey"));
      assertThat(tenantKey.status()).as(tenantKey.toString()).isEqualTo(200);
      Reply adminKey = app.api.get(path, ExternalApp.ADMIN_KEY);
      assertThat(adminKey.status()).as(adminKey.toString()).isEqualTo(200);
      // ... and failures from it are still 429, a missing key as a wrong one.
      assertThat(app.api.get(path, forged).status()).isEqualTo(429);
      assertThat(app.api.get(path, null).status()).isEqualTo(429);
      assertThat(app.api.get(path, tenant.text("apiKey")).status()).isEqualTo(200);
    }
  }

  private static int burst(ExternalApp app, String path, String key) {
    int last = 0;
    for (int i = 0; i < 6; i++) {
      last = app.api.get(path, key).status();
      if (last == 429) {
        return last;
      }
    }
    return last;
  }
}
