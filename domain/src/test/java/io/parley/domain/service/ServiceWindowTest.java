package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.fakes.InMemoryCatalog;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.ServiceWindow;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.AppendMessageUseCase;
import io.parley.domain.port.in.BuildAgentContextUseCase;
import io.parley.domain.port.in.CreateTenantUseCase;
import io.parley.domain.port.in.StartConversationUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 24-hour customer-service window at its boundary, on an injected clock. */
class ServiceWindowTest {
  private static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryTenants tenants = new InMemoryTenants();
  private final InMemoryConversations conversations = new InMemoryConversations(tenants);
  private Instant now = SENT;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private AgentContextService contexts;
  private TenantId tenant;
  private ConversationId conversation;

  @BeforeEach
  void setUp() {
    contexts =
        new AgentContextService(
            conversations,
            new ReferenceContextService(
                new InMemoryReferenceContexts(conversations),
                json -> new io.parley.domain.port.out.ItemDetailsReader.ItemDetails("", null),
                clock,
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                Duration.ofHours(1)),
            new CatalogService(new InMemoryCatalog(tenants), clock),
            clock);
    tenant =
        new TenantService(tenants, tenants, clock)
            .create(new CreateTenantUseCase.Command("Shop", "shop"))
            .tenant()
            .id();
    conversation =
        new ConversationService(conversations, clock)
            .start(new StartConversationUseCase.Command(tenant, "whatsapp", "+1", "Amina", "sw"))
            .conversation()
            .id();
  }

  private ServiceWindow window() {
    return contexts
        .build(new BuildAgentContextUseCase.Query(tenant, conversation, 20, 0, 4000, 0))
        .serviceWindow();
  }

  @Test
  void theWindowIsOpenUntilOneMillisecondBeforeTwentyFourHoursAndClosedAtThem() {
    assertThat(window()).isEqualTo(new ServiceWindow(false, null));
    now = SENT.plus(Duration.ofHours(1));
    new MessageService(conversations, conversations, clock)
        .append(
            new AppendMessageUseCase.Command(
                tenant,
                conversation,
                Direction.IN,
                MessageType.CUSTOMER_INBOUND,
                "habari",
                null,
                null,
                SENT));
    Instant expiry = SENT.plus(Duration.ofHours(24));
    now = expiry.minusMillis(1);
    assertThat(window()).isEqualTo(new ServiceWindow(true, expiry));
    now = expiry;
    assertThat(window()).isEqualTo(new ServiceWindow(false, expiry));
  }

  @Test
  void anOlderInboundMessageLeavesTheWindowWhereTheNewestPutIt() {
    MessageService messages = new MessageService(conversations, conversations, clock);
    now = SENT.plus(Duration.ofMinutes(1));
    for (Instant sent : new Instant[] {SENT, SENT.minus(Duration.ofDays(3))}) {
      messages.append(
          new AppendMessageUseCase.Command(
              tenant,
              conversation,
              Direction.IN,
              MessageType.CUSTOMER_INBOUND,
              "x",
              null,
              null,
              sent));
    }
    assertThat(window().expiresAt()).isEqualTo(SENT.plus(Duration.ofHours(24)));
  }
}
