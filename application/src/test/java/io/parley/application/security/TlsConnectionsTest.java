package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.adapters.redis.RedisConnections;
import io.parley.adapters.testing.TlsServers;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * TLS to PostgreSQL ({@code sslmode=verify-full}) and to Redis ({@code rediss://} with a private
 * CA, {@code redis.caCertificate}), against real servers that take TLS connections only, with a CA
 * made by the test: the service works over both, and refuses both servers when it is told to trust
 * another CA (their certificates then do not verify).
 */
class TlsConnectionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS_PASSWORD = "tls-test-password";

  @Test
  void theServiceWorksOverTlsAndRefusesServersWhoseCertificatesDoNotVerify() throws Exception {
    try (TlsServers tls = TlsServers.create()) {
      int postgresPort = tls.startPostgres();
      int redisPort = tls.startRedis(REDIS_PASSWORD);
      String database = databaseUrl(postgresPort, tls.caCertificate());
      String redis = "rediss://:" + REDIS_PASSWORD + "@localhost:" + redisPort;
      PostgresSchema.migrate(database, "postgres", "");
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres?sslmode=disable",
                      "postgres",
                      ""))
          .as("the server takes TLS connections only")
          .isInstanceOf(SQLException.class);

      try (ExternalApp app =
          new ExternalApp(database, redis, "redis.caCertificate", tls.caCertificate().toString())) {
        Reply tenant =
            app.api.post("/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"T\",\"slug\":\"tls\"}");
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        String key = tenant.text("apiKey");
        String base = "/v1/tenants/" + tenant.text("id");
        String conversation = Fixtures.start(app.api, base, key, "+254711000901");
        String messages = base + "/conversations/" + conversation + "/messages";
        assertThat(
                app.api
                    .post(
                        messages,
                        key,
                        "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\"}")
                    .status())
            .isEqualTo(201);
        Reply page = app.api.get(messages, key);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.queryCount()).as("the newest page came from Redis's window").isZero();
        assertThat(health(app).path("redis").path("healthy").asBoolean()).isTrue();
        try (UnifiedJedis client =
            RedisConnections.of(redis, Duration.ofSeconds(2), Duration.ofSeconds(2))
                .trusting(tls.caCertificate())
                .client(1)) {
          assertThat(client.dbSize()).as("the service's keys, over TLS").isPositive();
        }
        assertThat(sslConnections(database)).as("the service's connections use TLS").isPositive();
      }

      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      databaseUrl(postgresPort, tls.otherCaCertificate()), "postgres", ""))
          .isInstanceOf(SQLException.class)
          .hasStackTraceContaining("PKIX");
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      "jdbc:postgresql://127.0.0.1:"
                          + postgresPort
                          + "/postgres?sslmode=verify-full&sslrootcert="
                          + tls.otherCaCertificate(),
                      "postgres",
                      ""))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  new ExternalApp(
                          databaseUrl(postgresPort, tls.otherCaCertificate()),
                          "none",
                          "database.maxWaitForConnection",
                          "1s")
                      .close())
          .as("a database whose certificate does not verify: the service does not start")
          .hasStackTraceContaining("SSLHandshakeException")
          .hasStackTraceContaining("PKIX path building failed");
      try (ExternalApp refusing =
          new ExternalApp(
              database, redis, "redis.caCertificate", tls.otherCaCertificate().toString())) {
        JsonNode health = health(refusing);
        assertThat(health.path("redis").path("healthy").asBoolean())
            .as("a Redis whose certificate does not verify is not used: " + health)
            .isFalse();
        Reply tenant =
            refusing.api.post(
                "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"T\",\"slug\":\"soft\"}");
        assertThat(tenant.status()).as("Redis is soft: " + tenant).isEqualTo(201);
      }
    }
  }

  private static String databaseUrl(int port, Path ca) {
    return "jdbc:postgresql://localhost:"
        + port
        + "/postgres?sslmode=verify-full&sslrootcert="
        + ca;
  }

  /** Client connections of the server that use TLS, seen over a verified connection. */
  private static long sslConnections(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FILTER (WHERE ssl) - count(*) FILTER (WHERE NOT ssl)"
                        + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                        + " WHERE a.backend_type = 'client backend'")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static JsonNode health(ExternalApp app) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(ApiClient.TIMEOUT)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.adminPort() + "/healthcheck"))
                    .timeout(ApiClient.TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
