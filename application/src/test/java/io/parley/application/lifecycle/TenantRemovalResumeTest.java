package io.parley.application.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A tenant removal cut short mid-way (its background statement's connection terminated, as a
 * database failover would) stays running: the tenant is gone for every caller and takes no new key;
 * the next instance to start resumes it and completes it.
 */
class TenantRemovalResumeTest {

  @Test
  void aRemovalInterruptedMidWayRefusesNewKeysAndResumesOnTheNextStart() throws Exception {
    TestServers.TestDatabase database = TestServers.newDatabase();
    DataSource data = database.dataSource();
    String tenant;
    String erasure;
    try (ExternalApp first = new ExternalApp(database.jdbcUrl(), "none")) {
      Reply created =
          first.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Cut\",\"slug\":\"cut-short\"}");
      tenant = created.text("id");
      String key = created.text("apiKey");
      String base = "/v1/tenants/" + tenant;
      for (int i = 0; i < 3; i++) {
        String conversation = Fixtures.start(first.api, base, key, "+25473300000" + i);
        Fixtures.storeMessages(data, tenant, conversation, 200);
      }

      try (Connection blocker = data.getConnection();
          Statement statement = blocker.createStatement()) {
        // The removal's background work blocks on these rows; its connection is then cut.
        blocker.setAutoCommit(false);
        statement.execute(
            "SELECT id FROM conversations WHERE tenant_id = '" + tenant + "' FOR UPDATE");
        Reply removal = first.api.delete(base, ExternalApp.ADMIN_KEY);
        assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
        erasure = removal.text("erasureId");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> terminateBackendsWaitingOnALock(data, database.name()) > 0);
        blocker.rollback();
      }

      assertThat(status(data, erasure)).isEqualTo("running");
      assertThat(count(data, "conversations", tenant)).isEqualTo(3);
      assertThat(
              first
                  .api
                  .post(base + "/api-keys", ExternalApp.ADMIN_KEY, "{\"name\":\"new\"}")
                  .status())
          .as("a tenant being removed takes no new key")
          .isEqualTo(404);
      assertThat(first.api.get(base, key).status()).isEqualTo(401);
      assertThat(status(data, erasure)).as("nothing resumed it yet").isEqualTo("running");
    }

    try (ExternalApp second = new ExternalApp(database.jdbcUrl(), "none")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(status(data, erasure)));
      assertThat(count(data, "conversations", tenant)).isZero();
      assertThat(count(data, "messages", tenant)).isZero();
      assertThat(count(data, "tenants", tenant)).isZero();
      Reply done =
          second.api.get("/v1/tenants/" + tenant + "/erasures/" + erasure, ExternalApp.ADMIN_KEY);
      assertThat(done.status()).as(done.toString()).isEqualTo(200);
      assertThat(done.body().path("messages").asLong()).isEqualTo(600);
      assertThat(done.body().path("conversations").asLong()).isEqualTo(3);
    }
  }

  /** Ends the connections of {@code database} that wait on a lock; how many. */
  private static int terminateBackendsWaitingOnALock(DataSource data, String database)
      throws Exception {
    try (Connection connection = data.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = '"
                    + database
                    + "' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String status(DataSource data, String erasure) throws Exception {
    try (Connection connection = data.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT status FROM erasures WHERE id = '" + erasure + "'")) {
      return rows.next() ? rows.getString(1) : "absent";
    }
  }

  /** Rows of {@code tenant} in {@code table} (its {@code id} for the tenants table). */
  private static long count(DataSource data, String table, String tenant) throws Exception {
    String column = table.equals("tenants") ? "id" : "tenant_id";
    try (Connection connection = data.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + tenant + "'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
