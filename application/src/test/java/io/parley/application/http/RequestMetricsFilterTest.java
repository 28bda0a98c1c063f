package io.parley.application.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.parley.application.api.CursorCodec;
import io.parley.application.api.MessageResource;
import io.parley.application.infra.JsonSettings;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import io.parley.domain.service.ConversationService;
import io.parley.domain.service.MessageService;
import io.parley.domain.service.TenantService;
import jakarta.ws.rs.client.Entity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Request timers, statement histograms, and a slow-request log that never holds message text. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestMetricsFilterTest {
  private static final InMemoryTenants TENANTS = new InMemoryTenants();
  private static final InMemoryConversations CONVERSATIONS = new InMemoryConversations(TENANTS);
  private static final MessageService MESSAGES =
      new MessageService(CONVERSATIONS, CONVERSATIONS, Clock.systemUTC());
  private static final MetricRegistry METRICS = new MetricRegistry();

  static final ResourceExtension RESOURCE =
      ResourceExtension.builder()
          .setMapper(JsonSettings.apply(io.dropwizard.jackson.Jackson.newObjectMapper()))
          .addResource(new MessageResource(MESSAGES, MESSAGES, new CursorCodec("secret"), 200))
          .addProvider(new RequestMetricsFilter(METRICS, Duration.ZERO))
          .build();

  @Test
  void timesTheEndpointAndLogsItWithoutTheMessageText() {
    var tenant =
        new TenantService(TENANTS, TENANTS, Clock.systemUTC())
            .create(new CreateTenantUseCase.Command("Shop", "shop"))
            .tenant()
            .id();
    var conversation =
        new ConversationService(CONVERSATIONS, Clock.systemUTC())
            .start(
                new StartConversationUseCase.Command(
                    tenant, "whatsapp", "+254711111111", null, null))
            .conversation()
            .id();
    Logger logger = (Logger) LoggerFactory.getLogger(RequestMetricsFilter.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      RESOURCE
          .target("/v1/tenants/" + tenant + "/conversations/" + conversation + "/messages")
          .request()
          .post(
              Entity.json(
                  "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"my secret order 4421\"}"))
          .close();
    } finally {
      logger.detachAppender(captured);
    }

    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines)
        .singleElement()
        .asString()
        .contains("POST MessageResource.append -> 201")
        .contains("SQL statements");
    assertThat(lines).noneMatch(l -> l.contains("secret order") || l.contains("+254711111111"));
    assertThat(METRICS.timer("http.MessageResource.append.requests").getCount()).isEqualTo(1);
    assertThat(METRICS.histogram("http.MessageResource.append.sql-statements").getCount())
        .isEqualTo(1);
  }
}
