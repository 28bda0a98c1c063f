package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant past its request rate gets 429 with Retry-After; other tenants do not notice. */
class RateLimitTest {
  @Test
  void aBusyTenantIsHeldToItsRateAndOthersAreNot() {
    try (ExternalApp app =
        new ExternalApp(
            TestServers.newDatabase().jdbcUrl(), "none", "api.tenantRequestsPerSecond", "5")) {
      Reply busy =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Busy\",\"slug\":\"busy\"}");
      Reply quiet =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Quiet\",\"slug\":\"quiet\"}");
      String busyPath = "/v1/tenants/" + busy.text("id") + "/conversations";

      List<Reply> replies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        replies.add(app.api.get(busyPath, busy.text("apiKey")));
      }
      Reply other =
          app.api.get("/v1/tenants/" + quiet.text("id") + "/conversations", quiet.text("apiKey"));
      Reply admin = app.api.get(busyPath, ExternalApp.ADMIN_KEY);

      List<Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
      assertThat(limited).isNotEmpty();
      assertThat(replies.stream().filter(r -> r.status() == 200).count())
          .isGreaterThanOrEqualTo(5L);
      assertThat(limited.get(0).raw().headers().firstValue("Retry-After")).contains("1");
      assertThat(limited.get(0).text("message")).contains("too many requests");
      assertThat(other.status()).isEqualTo(200);
      assertThat(admin.status()).isEqualTo(200);
    }
  }
}
