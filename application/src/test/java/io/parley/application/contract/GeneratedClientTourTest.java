package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.NodeTools;
import io.parley.application.testing.TestApp;
import io.parley.client.ApiException;
import io.parley.client.api.AgentContextApi;
import io.parley.client.api.CatalogApi;
import io.parley.client.api.ConversationsApi;
import io.parley.client.api.MessagesApi;
import io.parley.client.api.ReferenceContextApi;
import io.parley.client.api.TenantsApi;
import io.parley.client.model.AgentContextResponse;
import io.parley.client.model.AppendMessageRequest;
import io.parley.client.model.ConversationResponse;
import io.parley.client.model.CreateTenantRequest;
import io.parley.client.model.Customer;
import io.parley.client.model.MessagePageResponse;
import io.parley.client.model.MessageSliceResponse;
import io.parley.client.model.ProductBody;
import io.parley.client.model.ProductList;
import io.parley.client.model.PutProducts;
import io.parley.client.model.PutReferenceContextRequest;
import io.parley.client.model.ReferenceItem;
import io.parley.client.model.ResolveRequest;
import io.parley.client.model.ResolveResponse;
import io.parley.client.model.StartConversationRequest;
import io.parley.client.model.TenantResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, driven by the Java client openapi-generator builds from api/openapi.json, with
 * every request and response going through Prism's validating proxy: Prism answers with an error
 * (which the client throws) when a request or a response departs from the document, so the tour
 * passing means the service does what its contract says on every call it makes.
 */
class GeneratedClientTourTest {
  private static Process prism;
  private static Path prismLog;
  private static int prismPort;

  @BeforeAll
  static void startPrism() throws Exception {
    Path command = NodeTools.command("prism");
    int appPort = TestApp.support().getLocalPort();
    prismPort = freePort();
    prismLog = Files.createTempFile("prism", ".log");
    prism =
        NodeTools.start(
            prismLog,
            command.toString(),
            "proxy",
            "api/openapi.json",
            "http://127.0.0.1:" + appPort,
            "--errors",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(prismPort));
    org.awaitility.Awaitility.await("prism listening; its log: " + prismLog)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> listening(prismPort) || !prism.isAlive());
    if (!prism.isAlive()) {
      throw new IllegalStateException("prism did not start:\n" + Files.readString(prismLog));
    }
  }

  @AfterAll
  static void stopPrism() {
    if (prism != null) {
      prism.destroy();
    }
  }

  @Test
  void theTourRunsThroughTheGeneratedClientWithinTheContract() throws Exception {
    long logBefore = Files.size(prismLog);
    TenantResponse tenant =
        new TenantsApi(client(TestApp.ADMIN_KEY))
            .createTenant(
                new CreateTenantRequest()
                    .name("Duka la Tour")
                    .slug("tour-" + UUID.randomUUID().toString().substring(0, 8)));
    UUID tenantId = UUID.fromString(tenant.getId());
    io.parley.client.ApiClient shop = client(tenant.getApiKey());

    ConversationResponse conversation =
        new ConversationsApi(shop)
            .startConversation(
                tenantId,
                new StartConversationRequest()
                    .channel("whatsapp")
                    .customer(
                        new Customer().address("+254700000123").name("Amina").language("sw")));
    UUID conversationId = UUID.fromString(conversation.getId());

    MessagesApi messages = new MessagesApi(shop);
    for (int i = 1; i <= 5; i++) {
      messages.appendMessage(
          tenantId,
          conversationId,
          new AppendMessageRequest()
              .direction(
                  i % 2 == 1
                      ? AppendMessageRequest.DirectionEnum.IN
                      : AppendMessageRequest.DirectionEnum.OUT)
              .type(
                  i % 2 == 1
                      ? AppendMessageRequest.TypeEnum.CUSTOMER_INBOUND
                      : AppendMessageRequest.TypeEnum.BOT_RESPONSE)
              .text("message " + i)
              .providerMessageId("wamid.tour." + i));
    }

    MessageSliceResponse newest =
        messages
            .readHistory(
                tenantId, conversationId, 2L, null, null, null, null, null, null, null, null, null)
            .getMessageSliceResponse();
    assertThat(newest.getMessages()).extracting(m -> m.getSeq()).containsExactly(5L, 4L);
    MessageSliceResponse older =
        messages
            .readHistory(
                tenantId,
                conversationId,
                2L,
                newest.getNextCursor(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null)
            .getMessageSliceResponse();
    assertThat(older.getMessages()).extracting(m -> m.getSeq()).containsExactly(3L, 2L);
    MessagePageResponse page =
        messages
            .readHistory(
                tenantId, conversationId, null, null, null, 2L, 2L, "asc", null, null, null, null)
            .getMessagePageResponse();
    assertThat(page.getMessages()).extracting(m -> m.getSeq()).containsExactly(3L, 4L);
    assertThat(page.getTotalMessages()).isEqualTo(5);
    assertThat(page.getTotalPages()).isEqualTo(3);

    ReferenceContextApi references = new ReferenceContextApi(shop);
    references.putReferenceContext(
        tenantId,
        conversationId,
        new PutReferenceContextRequest()
            .listType(PutReferenceContextRequest.ListTypeEnum.PRODUCTS)
            .items(
                List.of(
                    new ReferenceItem()
                        .id("sku-1")
                        .title("Red dress")
                        .putAdditionalProperty("price", 1200),
                    new ReferenceItem()
                        .id("sku-2")
                        .title("Blue shirt")
                        .putAdditionalProperty("price", 800),
                    new ReferenceItem().id("sku-3").title("Green kitenge"))));
    ResolveResponse resolved =
        references.resolveReference(
            tenantId, conversationId, new ResolveRequest().text("nataka ya pili"));
    assertThat(resolved.getOutcome()).isEqualTo(ResolveResponse.OutcomeEnum.RESOLVED);
    assertThat(resolved.getPosition()).isEqualTo(2);
    assertThat(resolved.getSelections()).hasSize(1);

    CatalogApi catalog = new CatalogApi(shop);
    catalog.putProducts(
        tenantId,
        new PutProducts()
            .products(
                List.of(
                    new ProductBody()
                        .externalSource("shop")
                        .externalId("1")
                        .title("Red dress")
                        .price(new BigDecimal("1200"))
                        .currency("KES")
                        .stock(4),
                    new ProductBody()
                        .externalSource("shop")
                        .externalId("2")
                        .title("Maize flour 2kg")
                        .price(new BigDecimal("210.50"))
                        .currency("KES")
                        .stock(0))));
    ProductList found = catalog.searchProducts(tenantId, "dres", null, 10L, null);
    assertThat(found.getProducts()).extracting(p -> p.getTitle()).contains("Red dress");

    assertThat(catalog.suggestCatalog(tenantId, "red dress", 3L).getProducts())
        .extracting(p -> p.getTitle())
        .contains("Red dress");
    assertThat(
            new ConversationsApi(shop)
                .listConversations(tenantId, "open", 10L, null)
                .getConversations())
        .extracting(c -> c.getId())
        .containsExactly(conversationId.toString());

    io.parley.client.model.CustomerProfileResponse amina =
        new io.parley.client.api.CustomersApi(shop)
            .findCustomers(tenantId, "+254700000123")
            .getCustomers()
            .get(0);
    assertThat(amina.getConversationCount()).isEqualTo(1);
    assertThat(
            new io.parley.client.api.CustomersApi(shop)
                .listCustomerConversations(tenantId, UUID.fromString(amina.getId()), 10L, null)
                .getConversations())
        .hasSize(1);

    AgentContextResponse context =
        new AgentContextApi(shop).getAgentContext(tenantId, conversationId, 10L, 5L, null, null);
    assertThat(context.getRecentMessages()).hasSize(5);
    assertThat(context.getReferenceContext().getItems()).hasSize(3);
    assertThat(context.getConversation().getId()).isEqualTo(conversationId.toString());

    assertThatThrownBy(
            () -> new ConversationsApi(shop).getConversation(tenantId, UUID.randomUUID()))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getResponseBody()).contains("\"code\"").contains("\"message\"");
            });
    assertThat(logSince(logBefore)).doesNotContain("Violation", "Request terminated with error");
  }

  /**
   * The negative control: Prism does reject a request that departs from the document, with an
   * answer of its own (a problem document naming Prism), so the tour passing means something.
   */
  @Test
  void prismRejectsARequestThatDepartsFromTheContract() throws Exception {
    long logBefore = Files.size(prismLog);
    ApiClient viaPrism = new ApiClient(prismPort);
    TestApp.TenantKey shop = TestApp.newTenant();

    ApiClient.Reply reply =
        viaPrism.post(
            "/v1/tenants/" + shop.id() + "/conversations",
            shop.key(),
            "{\"channel\":42,\"customer\":\"not an object\"}");

    assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
    assertThat(reply.text("type")).as(reply.toString()).contains("prism");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> logSince(logBefore).contains("Request terminated with error"));
  }

  /** What Prism logged after {@code offset} bytes. */
  private static String logSince(long offset) throws IOException {
    byte[] log = Files.readAllBytes(prismLog);
    return new String(
        log, (int) offset, log.length - (int) offset, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static io.parley.client.ApiClient client(String key) {
    io.parley.client.ApiClient client = new io.parley.client.ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + prismPort);
    client.setConnectTimeout(ApiClient.TIMEOUT);
    client.setReadTimeout(ApiClient.TIMEOUT);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    return client;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
