package io.parley.application.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.RunningApp;
import io.parley.application.testing.TestApp;
import org.junit.jupiter.api.Test;

/** The reference-context whole-app tests with Redis Cluster as the shared tier. */
class ReferenceContextClusterAppTest extends ReferenceContextAppTest {
  @Override
  RunningApp app() {
    return RunningApp.onRedisCluster();
  }

  @Test
  void theContextLivesInTheClusterUnderTheTenantsHashTag() {
    TestApp.TenantKey tenant = app().newTenant();
    String conversation =
        app()
            .api()
            .post(
                "/v1/tenants/" + tenant.id() + "/conversations",
                tenant.key(),
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254711000999\"}}")
            .text("id");
    Reply put =
        app()
            .api()
            .sendRaw(
                "PUT",
                "/v1/tenants/"
                    + tenant.id()
                    + "/conversations/"
                    + conversation
                    + "/reference-context",
                tenant.key(),
                ("{\"listType\":\"products\",\"items\":" + ITEMS + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(put.status()).isEqualTo(201);

    String stored =
        RedisTopology.cluster(TestServers.redisCluster())
            .get("parley:{" + tenant.id() + "}:ref:" + conversation);

    assertThat(stored).startsWith("1|").contains("\"conversationId\":\"" + conversation + "\"");
  }
}
