package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.parley.adapters.testing.TestServers;
import io.parley.application.ParleyApplication;
import io.parley.application.ParleyConfiguration;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestableParley;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * With DATABASE_URL set the service uses that server and leaves the schema to {@code db migrate};
 * with REDIS_URL=none it runs on the near-cache alone. Here: an empty database of the test
 * PostgreSQL, given as a postgres:// URL.
 */
class ExternalServersTest {
  @Test
  void migratesWithTheDbCommandThenServesFromTheExternalDatabase() throws Exception {
    TestServers.postgres();
    String database = "parley_external_" + System.nanoTime();
    try (Connection admin = TestServers.postgres().dataSource("postgres").getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    String url = "postgres://postgres@localhost:" + TestServers.postgres().port() + "/" + database;
    Path config = configWith(url);

    new TestableParley().run("check", config.toString());
    new TestableParley().run("db", "migrate", config.toString());
    new TestableParley().run("db", "status", config.toString());

    assertThat(tables(database))
        .contains("tenants", "api_keys", "customers", "conversations", "messages");
    DropwizardTestSupport<ParleyConfiguration> app =
        new DropwizardTestSupport<>(
            ParleyApplication.class,
            config.toString(),
            "parley-external",
            ConfigOverride.config("parley-external", "server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("parley-external", "server.adminConnectors[0].port", "0"));
    app.before();
    try {
      ApiClient api = new ApiClient(app.getLocalPort());
      Reply created =
          api.post("/v1/tenants", "external-admin-key-0123", "{\"name\":\"Ext\",\"slug\":\"ext\"}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      Reply listed =
          api.get("/v1/tenants/" + created.text("id") + "/conversations", created.text("apiKey"));
      assertThat(listed.status()).isEqualTo(200);
      assertThat(app.getEnvironment().healthChecks().runHealthCheck("redis").getMessage())
          .contains("REDIS_URL=none");
    } finally {
      app.after();
    }
  }

  private static Path configWith(String databaseUrl) throws Exception {
    String yaml =
        Files.readString(Path.of("..", "config.yml"))
            .replace("${DATABASE_URL:-embedded}", databaseUrl)
            .replace("${REDIS_URL:-embedded}", "none")
            .replace("${PARLEY_ADMIN_KEY:-}", "external-admin-key-0123");
    Path file = Files.createTempFile("parley-external", ".yml");
    Files.writeString(file, yaml);
    return file;
  }

  private static java.util.List<String> tables(String database) throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (Connection connection = TestServers.postgres().dataSource(database).getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
