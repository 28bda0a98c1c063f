package io.parley.application.references;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.RunningApp;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Quoted replies and list taps through the whole service: the list a quoted message showed, a
 * tapped row, what is refused, and what each costs in SQL statements.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotedRepliesAppTest {
  private static final String SHOES =
      "[{\"id\":\"p1\",\"title\":\"Nike Air Max Red\",\"rowId\":\"shoe-1\"},"
          + "{\"id\":\"p2\",\"title\":\"Adidas Superstar White\",\"rowId\":\"shoe-2\"},"
          + "{\"id\":\"p3\",\"title\":\"Red Wing Boots\",\"rowId\":\"shoe-3\"}]";
  private static final String KIKOIS =
      "[{\"id\":\"k1\",\"title\":\"Blue Kikoi\",\"rowId\":\"kikoi-1\"},"
          + "{\"id\":\"k2\",\"title\":\"Red Kikoi\",\"rowId\":\"kikoi-2\"}]";

  private ApiClient api;
  private TestApp.TenantKey tenant;

  @BeforeAll
  void setUp() {
    api = RunningApp.standalone().api();
    tenant = RunningApp.standalone().newTenant();
  }

  @Test
  void aQuotedReplyResolvesAgainstTheSupersededListItsMessageShowedInOneStatement() {
    String conversation = conversation();
    Reply shoes = show(conversation, "wamid.SHOES", SHOES, null);
    Reply kikois = show(conversation, "wamid.KIKOIS", KIKOIS, null);

    Reply quoted =
        resolve(
            conversation, "{\"text\":\"ya pili\",\"replyToProviderMessageId\":\"wamid.SHOES\"}");
    Reply again =
        resolve(
            conversation, "{\"text\":\"ya pili\",\"replyToProviderMessageId\":\"wamid.SHOES\"}");
    Reply current = resolve(conversation, "{\"text\":\"ya pili\"}");

    assertThat(shoes.text("providerMessageId")).isEqualTo("wamid.SHOES");
    assertThat(quoted.text("outcome")).as(quoted.toString()).isEqualTo("RESOLVED");
    assertThat(quoted.body().path("item").path("id").asText()).isEqualTo("p2");
    assertThat(quoted.body().path("item").path("rowId").asText()).isEqualTo("shoe-2");
    assertThat(quoted.text("contextId")).isEqualTo(shoes.text("contextId"));
    assertThat(quoted.queryCount()).isEqualTo(1);
    assertThat(again.queryCount()).isEqualTo(1);
    assertThat(current.body().path("item").path("id").asText()).isEqualTo("k2");
    assertThat(current.text("contextId")).isEqualTo(kikois.text("contextId"));
    assertThat(current.queryCount()).isZero();
    Reply read = api.get(context(conversation), tenant.key());
    assertThat(read.text("providerMessageId")).isEqualTo("wamid.KIKOIS");
    assertThat(read.body().path("items").get(1).path("rowId").asText()).isEqualTo("kikoi-2");
  }

  @Test
  void aQuotedListPastItsTtlStillResolvesWhileTheCurrentPathHasNone() {
    String conversation = conversation();
    Reply shown = show(conversation, "wamid.BRIEF", SHOES, 1);

    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> api.get(context(conversation), tenant.key()).status() == 404);

    Reply quoted =
        resolve(
            conversation, "{\"text\":\"the boots\",\"replyToProviderMessageId\":\"wamid.BRIEF\"}");
    Reply tapped =
        resolve(
            conversation,
            "{\"selectedRowId\":\"shoe-1\",\"replyToProviderMessageId\":\"wamid.BRIEF\"}");
    assertThat(quoted.text("outcome")).as(quoted.toString()).isEqualTo("RESOLVED");
    assertThat(quoted.text("contextId")).isEqualTo(shown.text("contextId"));
    assertThat(quoted.body().path("position").asInt()).isEqualTo(3);
    assertThat(tapped.body().path("position").asInt()).isEqualTo(1);
    assertThat(resolve(conversation, "{\"text\":\"the boots\"}").text("outcome"))
        .isEqualTo("NO_CONTEXT");
    assertThat(resolve(conversation, "{\"selectedRowId\":\"shoe-1\"}").text("outcome"))
        .isEqualTo("NO_CONTEXT");
  }

  @Test
  void aTappedRowDecidesWithoutReadingTheWords() {
    String conversation = conversation();
    Reply shoes = show(conversation, "wamid.S", SHOES, null);
    Reply kikois = show(conversation, "wamid.K", KIKOIS, null);

    Reply tapped = resolve(conversation, "{\"selectedRowId\":\"kikoi-2\"}");
    Reply contrary =
        resolve(conversation, "{\"selectedRowId\":\"kikoi-1\",\"text\":\"the red one\"}");
    Reply unknown = resolve(conversation, "{\"selectedRowId\":\"shoe-3\"}");
    Reply inQuoted =
        resolve(
            conversation,
            "{\"selectedRowId\":\"shoe-3\",\"replyToProviderMessageId\":\"wamid.S\"}");
    Reply unknownQuote =
        resolve(
            conversation,
            "{\"selectedRowId\":\"shoe-3\",\"replyToProviderMessageId\":\"wamid.X\"}");
    Reply noList = resolve(conversation(), "{\"selectedRowId\":\"shoe-3\"}");

    assertThat(tapped.text("outcome")).as(tapped.toString()).isEqualTo("RESOLVED");
    assertThat(tapped.text("matchedBy")).isEqualTo("selection");
    assertThat(tapped.body().path("item").path("id").asText()).isEqualTo("k2");
    assertThat(contrary.body().path("item").path("id").asText()).isEqualTo("k1");
    assertThat(unknown.text("outcome")).isEqualTo("NOT_A_REFERENCE");
    assertThat(unknown.text("contextId")).isEqualTo(kikois.text("contextId"));
    assertThat(inQuoted.body().path("item").path("id").asText()).isEqualTo("p3");
    assertThat(inQuoted.text("contextId")).isEqualTo(shoes.text("contextId"));
    assertThat(unknownQuote.text("outcome")).isEqualTo("NO_CONTEXT");
    assertThat(noList.text("outcome")).isEqualTo("NO_CONTEXT");
  }

  @Test
  void refusesRepeatedOrMistypedRowIdsAndBadQuotesNamingTheField() {
    String conversation = conversation();

    assertError(
        put(
            conversation,
            "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"A\",\"rowId\":\"r\"},{\"id\":\"b\",\"title\":\"B\",\"rowId\":\"r\"}]}"),
        422,
        "items[1].rowId");
    assertError(
        put(
            conversation,
            "{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"A\",\"rowId\":7}]}"),
        422,
        "items[0].rowId must be a string");
    assertError(
        put(
            conversation,
            "{\"listType\":\"products\",\"items\":" + SHOES + ",\"providerMessageId\":\" \"}"),
        422,
        "providerMessageId");
    assertError(
        put(
            conversation,
            "{\"listType\":\"products\",\"items\":"
                + SHOES
                + ",\"providerMessageId\":\""
                + "w".repeat(256)
                + "\"}"),
        422,
        "providerMessageId");
    assertError(
        resolve(conversation, "{\"replyToProviderMessageId\":\"wamid.S\"}"),
        422,
        "text is required");
    assertError(
        resolve(conversation, "{\"text\":\"2\",\"replyToProviderMessageId\":\"\"}"),
        422,
        "replyToProviderMessageId");
    assertError(resolve(conversation, "{\"selectedRowId\":\"\"}"), 422, "selectedRowId");
    assertError(resolve(conversation, "{\"selectedRowId\":[\"r\"]}"), 400, "selectedRowId");
    show(conversation, "wamid.S", SHOES, null);
    TestApp.TenantKey other = RunningApp.standalone().newTenant();
    Reply stranger =
        api.post(
            "/v1/tenants/"
                + other.id()
                + "/conversations/"
                + conversation
                + "/reference-context/resolve",
            other.key(),
            "{\"selectedRowId\":\"shoe-1\",\"replyToProviderMessageId\":\"wamid.S\"}");
    assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
  }

  private Reply show(String conversation, String message, String items, Integer ttlSeconds) {
    Reply reply =
        put(
            conversation,
            "{\"listType\":\"products\",\"items\":"
                + items
                + ",\"providerMessageId\":\""
                + message
                + "\""
                + (ttlSeconds == null ? "" : ",\"ttlSeconds\":" + ttlSeconds)
                + "}");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply;
  }

  private String conversation() {
    return api.post(
            "/v1/tenants/" + tenant.id() + "/conversations",
            tenant.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547"
                + System.nanoTime() % 100_000_000
                + "\"}}")
        .text("id");
  }

  private String context(String conversation) {
    return "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/reference-context";
  }

  private Reply put(String conversation, String body) {
    return api.sendRaw(
        "PUT", context(conversation), tenant.key(), body.getBytes(StandardCharsets.UTF_8));
  }

  private Reply resolve(String conversation, String body) {
    return api.post(context(conversation) + "/resolve", tenant.key(), body);
  }

  private static void assertError(Reply reply, int status, String fragment) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.text("message")).contains(fragment);
  }
}
