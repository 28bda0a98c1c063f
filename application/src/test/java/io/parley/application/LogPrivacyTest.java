package io.parley.application;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.adapters.testing.TestServers;
import io.parley.application.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A whole flow, bad input included: nothing at INFO or above holds message text, a phone number or
 * a key.
 */
class LogPrivacyTest {
  @Test
  void logsHoldNoMessageTextPhoneNumbersOrKeys() {
    try (ExternalApp app =
        new ExternalApp(
            TestServers.newDatabase().jdbcUrl(), "none", "api.slowRequestThreshold", "0ms")) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      ListAppender<ILoggingEvent> captured = new ListAppender<>();
      captured.setContext(context);
      captured.setName("privacy-check");
      captured.start();
      root.addAppender(captured);
      try {
        Reply tenant =
            app.api.post(
                "/v1/tenants", ExternalApp.ADMIN_KEY, "{\"name\":\"Quiet\",\"slug\":\"quiet\"}");
        String key = tenant.text("apiKey");
        String base = "/v1/tenants/" + tenant.text("id") + "/conversations";
        String conversation =
            app.api
                .post(
                    base,
                    key,
                    "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254712345678\",\"name\":\"Wanjiku\"}}")
                .text("id");
        app.api.post(
            base + "/" + conversation + "/messages",
            key,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PRIVATE-TEXT nataka ya pili\"}");
        app.api.post(
            base + "/" + conversation + "/messages",
            key,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"PRIVATE-TEXT\\u0000\"}");
        app.api.post(
            base + "/" + conversation + "/messages",
            key,
            "{\"direction\":\"in\",\"text\":\"PRIVATE-TEXT\",\"bogus\":1}");
        app.api.get(base + "/" + conversation + "/messages", "prl_forged_PRIVATE-KEY");

        var lines =
            captured.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(
                    e ->
                        e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(root.getAppender(captured.getName()))
            .as("the appender stayed attached")
            .isNotNull();
        assertThat(lines).as("log lines at INFO and above").isNotEmpty();
        assertThat(lines)
            .noneMatch(
                l ->
                    l.contains("PRIVATE-TEXT")
                        || l.contains("+254712345678")
                        || l.contains("Wanjiku")
                        || l.contains(key)
                        || l.contains("PRIVATE-KEY")
                        || l.contains(ExternalApp.ADMIN_KEY));
      } finally {
        root.detachAppender(captured);
      }
    }
  }
}
