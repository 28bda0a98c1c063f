package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.LogPrivacy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole flow, bad input included, with every log event captured (Parley's loggers at DEBUG) and
 * the request log written to a file: no message text, name, phone number, catalog query, item title
 * or key in either. The fault tests (PostgreSQL restart, statement timeouts, Redis outage and
 * cluster failover, hostile input) run under the same check.
 */
@ExtendWith(LogPrivacy.class)
class LogPrivacyTest {
  @Test
  void logsAndTheRequestLogHoldNoCustomerContentOrKeys() throws Exception {
    Path requestLog = Files.createTempFile("parley-requests", ".log");
    try (ExternalApp app =
        new ExternalApp(
            TestServers.newDatabase().jdbcUrl(),
            "none",
            "api.slowRequestThreshold",
            "0ms",
            "server.requestLog.appenders[0].type",
            "file",
            "server.requestLog.appenders[0].currentLogFilename",
            requestLog.toString(),
            "server.requestLog.appenders[0].archive",
            "false")) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Quiet\",\"slug\":\"quiet\"}");
      String key = LogPrivacy.plant(tenant.text("apiKey"));
      String base = "/v1/tenants/" + tenant.text("id");
      String conversation =
          app.api
              .post(
                  base + "/conversations",
                  key,
                  "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                      + LogPrivacy.plant("+254712345678")
                      + "\",\"name\":\"PLANTED Wanjiku\"}}")
              .text("id");
      String messages = base + "/conversations/" + conversation + "/messages";
      app.api.post(
          messages,
          key,
          "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PLANTED nataka ya pili\"}");
      app.api.post(
          messages,
          key,
          "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PLANTED\\u0000\"}");
      app.api.post(messages, key, "{\"direction\":\"in\",\"text\":\"PLANTED\",\"bogus\":1}");
      app.api.post(messages, key, "{\"direction\":\"in\",\"text\":\"PLANTED\" broken");
      app.api.sendRaw(
          "PUT",
          base + "/conversations/" + conversation + "/reference-context",
          key,
          "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"PLANTED shoes\"}]}"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      app.api.get(base + "/catalog/products?query=PLANTED+viatu", key);
      app.api.get(base + "/catalog/suggestions?query=PLANTED+viatu", key);
      app.api.get(messages, "prl_forged_" + LogPrivacy.plant("PRIVATE-KEY"));
    }

    String requests = Files.readString(requestLog);
    assertThat(requests).as("the request log was written").contains("GET /v1/tenants/");
    assertThat(requests)
        .doesNotContain(LogPrivacy.MARKER, "+254712345678", "PRIVATE-KEY", "query=");
    Files.deleteIfExists(requestLog);
  }
}
