package io.parley.application.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.ExternalApp;
import io.parley.application.testing.LogPrivacy;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements that time out (another session holds the tables' locks; statement_timeout 300 ms): the
 * request gets 503 with Retry-After, never a 500, and the failure is logged without the statement's
 * arguments (message text, catalog query).
 */
@ExtendWith(LogPrivacy.class)
class StatementTimeoutTest {
  @Test
  void aTimedOutStatementIsA503AndItsArgumentsStayOutOfTheLogs() {
    TestServers.TestDatabase database = TestServers.newDatabase();
    try (ExternalApp app =
            new ExternalApp(
                database.jdbcUrl(),
                "none",
                "database.properties.options",
                "-c statement_timeout=300");
        Handle locker = database.jdbi().open()) {
      Reply tenant =
          app.api.post(
              "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Slow\",\"slug\":\"slow\"}");
      String key = LogPrivacy.plant(tenant.text("apiKey"));
      String base = "/v1/tenants/" + tenant.text("id");
      String conversation =
          app.api
              .post(
                  base + "/conversations",
                  key,
                  "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                      + LogPrivacy.plant("+254766000001")
                      + "\",\"name\":\"PLANTED Njeri\"}}")
              .text("id");
      String messages = base + "/conversations/" + conversation + "/messages";
      String search = base + "/catalog/products?query=PLANTED+viatu";

      locker.begin();
      locker.execute("LOCK TABLE messages, conversations, products IN ACCESS EXCLUSIVE MODE");
      Reply append =
          app.api.post(
              messages,
              key,
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PLANTED nataka viatu\","
                  + "\"providerMessageId\":\"PLANTED-wamid-1\"}");
      Reply searched = app.api.get(search, key);
      locker.rollback();
      Reply retried =
          app.api.post(
              messages,
              key,
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PLANTED nataka viatu\","
                  + "\"providerMessageId\":\"PLANTED-wamid-1\"}");

      assertThat(append.status()).as(append.toString()).isEqualTo(503);
      assertThat(append.raw().headers().firstValue("Retry-After")).contains("2");
      assertThat(searched.status()).as(searched.toString()).isEqualTo(503);
      assertThat(retried.status()).as("the retry is stored once").isEqualTo(201);
      assertThat(append.raw().body()).doesNotContain("PLANTED");
    }
  }
}
