package io.parley.application.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.testing.RedisTopology;
import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removing a tenant on one of two instances: its keys stop at once on both, its data goes in the
 * background (no row with its id in any table, no Redis key), another tenant is untouched, and the
 * slug is free again.
 */
class TenantRemovalAppTest {
  @Test
  void aRemovedTenantsKeysStopAtOnceAndItsDataIsDeletedInTheBackground() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    RedisTopology redis = RedisTopology.standalone(TestServers.redis());
    try (ExternalApp a = ExternalApp.on(database.jdbcUrl(), redis);
        ExternalApp b = ExternalApp.on(database.jdbcUrl(), redis)) {
      Reply gone =
          a.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Gone\",\"slug\":\"gone\"}");
      Reply stays =
          a.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Stays\",\"slug\":\"stays\"}");
      String tenant = gone.text("id");
      String key = gone.text("apiKey");
      String base = "/v1/tenants/" + tenant;
      String second = a.api.post(base + "/api-keys", key, "{\"name\":\"second\"}").text("apiKey");
      List<String> conversations = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String conversation = Fixtures.start(a.api, base, key, "+25472200000" + i);
        conversations.add(conversation);
        Fixtures.storeMessages(database.dataSource(), tenant, conversation, 2_000);
        a.api.sendRaw(
            "PUT",
            base + "/conversations/" + conversation + "/reference-context",
            key,
            "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Shoes\"}]}"
                .getBytes(StandardCharsets.UTF_8));
      }
      a.api.sendRaw(
          "PUT",
          base + "/catalog/products",
          key,
          "{\"products\":[{\"externalSource\":\"s\",\"externalId\":\"1\",\"title\":\"Red dress\",\"price\":10}]}"
              .getBytes(StandardCharsets.UTF_8));
      assertThat(b.api.get(base + "/catalog/products?query=dress", key).status()).isEqualTo(200);
      assertThat(b.api.get(base + "/conversations/" + conversations.get(0), key).status())
          .isEqualTo(200);
      String kept =
          Fixtures.start(
              a.api, "/v1/tenants/" + stays.text("id"), stays.text("apiKey"), "+254722000009");

      assertThat(a.api.delete(base, key).status()).as("a tenant key cannot remove").isEqualTo(403);
      assertThat(a.api.delete("/v1/tenants/" + UUID.randomUUID(), ExternalApp.ADMIN_KEY).status())
          .isEqualTo(404);
      Reply removal = a.api.delete(base, ExternalApp.ADMIN_KEY);
      assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
      assertThat(removal.text("kind")).isEqualTo("tenant");
      for (ExternalApp app : List.of(a, b)) {
        for (String each : List.of(key, second)) {
          assertThat(app.api.get(base + "/conversations/" + conversations.get(0), each).status())
              .as("the key stopped at once on every instance")
              .isEqualTo(401);
        }
      }
      String progress = base + "/erasures/" + removal.text("erasureId");
      Reply done =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> b.api.get(progress, ExternalApp.ADMIN_KEY),
                  reply -> "completed".equals(reply.text("status")));
      assertThat(done.body().path("messages").asLong()).isEqualTo(6_000);
      assertThat(done.body().path("conversations").asLong()).isEqualTo(3);
      assertThat(done.body().path("referenceContexts").asLong()).isEqualTo(3);

      assertThat(rowsOfTenant(database.dataSource(), tenant)).isEmpty();
      assertThat(redisKeysNaming(tenant)).isEmpty();
      Reply other =
          b.api.get(
              "/v1/tenants/" + stays.text("id") + "/conversations/" + kept, stays.text("apiKey"));
      assertThat(other.status()).isEqualTo(200);
      assertThat(
              a.api
                  .post(
                      "/v1/tenants",
                      ExternalApp.ADMIN_KEY,
                      "{\"name\":\"Again\",\"slug\":\"gone\"}")
                  .status())
          .as("the slug is free")
          .isEqualTo(201);
      Reply again = a.api.delete(base, ExternalApp.ADMIN_KEY);
      assertThat(again.text("erasureId")).isEqualTo(removal.text("erasureId"));
    }
  }

  /**
   * Every table with a tenant_id column but the audit trail, and the rows it holds of the tenant.
   */
  private static List<String> rowsOfTenant(DataSource data, String tenant) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection connection = data.getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id'"
                  + " AND table_schema = current_schema() AND table_name <> 'erasures'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).contains("messages", "customers", "products", "api_keys");
      for (String table : tables) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM " + table + " WHERE tenant_id = '" + tenant + "'")) {
          rows.next();
          if (rows.getLong(1) > 0) {
            found.add(table + ": " + rows.getLong(1));
          }
        }
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT count(*) FROM tenants WHERE id = '" + tenant + "'")) {
        rows.next();
        if (rows.getLong(1) > 0) {
          found.add("tenants");
        }
      }
    }
    return found;
  }

  private static List<String> redisKeysNaming(String id) {
    List<String> found = new ArrayList<>();
    java.net.URI uri = java.net.URI.create(TestServers.redis().url());
    try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
        page.getResult().stream().filter(k -> k.contains(id)).forEach(found::add);
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return found;
  }
}
