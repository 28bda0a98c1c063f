package io.parley.application.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.parley.application.http.DomainExceptionMappers;
import io.parley.application.http.JsonProcessingExceptionMapper;
import io.parley.application.infra.JsonSettings;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import io.parley.domain.service.ConversationService;
import io.parley.domain.service.MessageService;
import io.parley.domain.service.TenantService;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The message resource alone, over the in-memory fakes: request parsing and response shapes. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MessageResourceTest {
  private static final InMemoryTenants TENANTS = new InMemoryTenants();
  private static final InMemoryConversations CONVERSATIONS = new InMemoryConversations(TENANTS);
  private static final MessageService MESSAGES =
      new MessageService(CONVERSATIONS, CONVERSATIONS, Clock.systemUTC());

  static final ResourceExtension RESOURCE =
      ResourceExtension.builder()
          .setMapper(JsonSettings.apply(io.dropwizard.jackson.Jackson.newObjectMapper()))
          .addResource(new MessageResource(MESSAGES, MESSAGES, new CursorCodec("secret"), 200))
          .addProvider(new JsonProcessingExceptionMapper())
          .addProvider(new DomainExceptionMappers.InvalidInputExceptionMapper())
          .addProvider(new DomainExceptionMappers.NotFoundExceptionMapper())
          .build();

  private TenantId tenant;
  private ConversationId conversation;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.systemUTC();
    tenant =
        new TenantService(TENANTS, TENANTS, clock)
            .create(new CreateTenantUseCase.Command("Shop", "shop-" + System.nanoTime()))
            .tenant()
            .id();
    conversation =
        new ConversationService(CONVERSATIONS, clock)
            .start(new StartConversationUseCase.Command(tenant, "whatsapp", "+1", null, null))
            .conversation()
            .id();
  }

  private String path() {
    return "/v1/tenants/" + tenant + "/conversations/" + conversation + "/messages";
  }

  @Test
  void appendsAndEchoesThePayloadAsJson() {
    Response created =
        RESOURCE
            .target(path())
            .request()
            .post(
                Entity.json(
                    "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"Karibu\","
                        + "\"payload\":{\"buttons\":[\"1\",\"2\"]}}"));

    assertThat(created.getStatus()).isEqualTo(201);
    Map<?, ?> body = created.readEntity(Map.class);
    assertThat(body.get("seq")).isEqualTo(1);
    assertThat(body.get("payload")).isEqualTo(Map.of("buttons", java.util.List.of("1", "2")));
    assertThat((String) body.get("createdAt"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void anEmptyConversationHasAnEmptyPageWithNoCursors() {
    Map<?, ?> body = RESOURCE.target(path()).request().get(Map.class);

    assertThat(body.get("messages")).isEqualTo(java.util.List.of());
    assertThat(body.get("nextCursor")).isNull();
    assertThat(body.get("prevCursor")).isNull();
    assertThat(body.get("hasMore")).isEqualTo(false);
  }

  @Test
  void aNumberedPageReportsTotalsAndNeighbours() {
    for (int i = 0; i < 5; i++) {
      RESOURCE
          .target(path())
          .request()
          .post(
              Entity.json(
                  "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"" + i + "\"}"))
          .close();
    }
    Map<?, ?> body =
        RESOURCE
            .target(path())
            .queryParam("page", 2)
            .queryParam("pageSize", 2)
            .request()
            .get(Map.class);

    assertThat(body.get("totalMessages")).isEqualTo(5);
    assertThat(body.get("totalPages")).isEqualTo(3);
    assertThat(body.get("hasNext")).isEqualTo(true);
    assertThat(body.get("hasPrevious")).isEqualTo(true);
  }
}
