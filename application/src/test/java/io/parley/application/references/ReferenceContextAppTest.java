package io.parley.application.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.RunningApp;
import io.parley.application.testing.TestApp;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Reference contexts through the whole service: PUT, GET, resolve, expiry, budgets, errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceContextAppTest {
  /**
   * The instance under test; {@link ReferenceContextClusterAppTest} runs the same tests on a Redis
   * Cluster.
   */
  RunningApp app() {
    return RunningApp.standalone();
  }

  static final String ITEMS =
      "[{\"id\":\"p1\",\"title\":\"Nike Air Max Red\",\"price\":\"4500.00\",\"currency\":\"KES\"},"
          + "{\"id\":\"p2\",\"title\":\"Adidas Superstar White\",\"price\":\"3900.00\"},"
          + "{\"id\":\"p3\",\"title\":\"Red Wing Boots\"}]";

  private ApiClient api;
  private TestApp.TenantKey tenant;

  @BeforeAll
  void setUp() {
    api = app().api();
    tenant = app().newTenant();
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
        "PUT",
        context(conversation),
        tenant.key(),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private Reply resolve(String conversation, String text) {
    return api.post(
        context(conversation) + "/resolve", tenant.key(), "{\"text\":\"" + text + "\"}");
  }

  @Test
  void resolvesSeveralItemsWithQuantitiesPricesDescriptionsAndRefusals() {
    String conversation = conversation();
    String phones =
        "[{\"id\":\"s\",\"title\":\"Samsung Galaxy A15\",\"description\":\"Android phone\","
            + "\"price\":18500},"
            + "{\"id\":\"t\",\"title\":\"Tecno Spark 20\",\"price\":\"15999.00\","
            + "\"attributes\":{\"colour\":\"blue\"}},"
            + "{\"id\":\"n\",\"title\":\"Nokia 105\",\"price\":2500}]";
    put(conversation, "{\"listType\":\"products\",\"items\":" + phones + "}");

    Reply several = resolve(conversation, "nataka tatu za pili na the cheapest");
    Reply described = resolve(conversation, "the galaxy phone");
    Reply refused = resolve(conversation, "not the first, the blue one");
    Reply stated = resolve(conversation, "ya 15,999");

    assertThat(several.text("outcome")).isEqualTo("RESOLVED");
    assertThat(several.text("matchedBy")).isEqualTo("several");
    assertThat(several.body().path("position").asInt()).isEqualTo(2);
    assertThat(several.body().path("selections").get(0).path("quantity").asInt()).isEqualTo(3);
    assertThat(several.body().path("selections").get(1).path("position").asInt()).isEqualTo(3);
    assertThat(several.body().path("selections").get(1).path("item").path("id").asText())
        .isEqualTo("n");
    assertThat(several.body().path("selections").get(1).path("quantity").isNull()).isTrue();
    assertThat(described.text("matchedBy")).isEqualTo("attribute");
    assertThat(described.body().path("position").asInt()).isEqualTo(1);
    assertThat(refused.body().path("position").asInt()).isEqualTo(2);
    assertThat(stated.text("matchedBy")).isEqualTo("price");
    assertThat(stated.body().path("item").path("id").asText()).isEqualTo("t");
  }

  @Test
  void storesTheListAndResolvesWhatTheCustomerSays() {
    String conversation = conversation();
    Reply saved = put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + "}");

    assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    assertThat(saved.body().path("version").asLong()).isEqualTo(1);
    assertThat(saved.body().path("items").get(0).path("position").asInt()).isEqualTo(1);
    assertThat(saved.body().path("items").get(0).path("price").asText()).isEqualTo("4500.00");
    Reply second = resolve(conversation, "nataka ya pili");
    assertThat(second.text("outcome")).isEqualTo("RESOLVED");
    assertThat(second.body().path("position").asInt()).isEqualTo(2);
    assertThat(second.body().path("item").path("id").asText()).isEqualTo("p2");
    assertThat(second.text("matchedBy")).isEqualTo("ordinal");
    assertThat(second.text("contextId")).isEqualTo(saved.text("contextId"));
    assertThat(resolve(conversation, "the red one").body().path("candidates")).hasSize(2);
    assertThat(resolve(conversation, "wait a second").text("outcome")).isEqualTo("NOT_A_REFERENCE");
    assertThat(resolve(conversation, "the 7th").text("outcome")).isEqualTo("OUT_OF_RANGE");
    assertThat(resolve(conversation, "ya mwisho").body().path("item").path("id").asText())
        .isEqualTo("p3");
  }

  @Test
  void aNewerListSupersedesTheCurrentOne() {
    String conversation = conversation();
    put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + "}");
    put(
        conversation,
        "{\"listType\":\"services\",\"items\":[{\"id\":\"s1\",\"title\":\"Box braids\"}]}");

    Reply current = api.get(context(conversation), tenant.key());

    assertThat(current.body().path("version").asLong()).isEqualTo(2);
    assertThat(current.text("listType")).isEqualTo("services");
    assertThat(resolve(conversation, "2").text("outcome")).isEqualTo("OUT_OF_RANGE");
  }

  @Test
  void readsRunNoStatementWhenWarmAndOneWhenCold() {
    String conversation = conversation();

    Reply cold = api.get(context(conversation), tenant.key());
    Reply warm = api.get(context(conversation), tenant.key());
    Reply coldResolve = resolve(conversation(), "2");
    put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + "}");
    Reply afterPut = api.get(context(conversation), tenant.key());
    Reply warmResolve = resolve(conversation, "2");

    assertThat(cold.status()).isEqualTo(404);
    assertThat(cold.queryCount()).isEqualTo(1);
    assertThat(warm.queryCount()).isZero();
    assertThat(coldResolve.text("outcome")).isEqualTo("NO_CONTEXT");
    assertThat(coldResolve.queryCount()).isEqualTo(1);
    assertThat(afterPut.status()).isEqualTo(200);
    assertThat(afterPut.queryCount()).isZero();
    assertThat(warmResolve.queryCount()).isZero();
  }

  @Test
  void anExpiredListIsNeverServed() {
    String conversation = conversation();
    Reply saved =
        put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + ",\"ttlSeconds\":1}");
    assertThat(saved.status()).isEqualTo(201);
    java.time.Instant expiresAt = java.time.Instant.parse(saved.text("expiresAt"));
    assertThat(api.get(context(conversation), tenant.key()).status()).isEqualTo(200);

    // Read (warm in every tier) until well past expiresAt: a read sent after it is a 404, exactly.
    java.util.List<String> servedAfterExpiry = new java.util.ArrayList<>();
    int gone = 0;
    while (java.time.Instant.now().isBefore(expiresAt.plusMillis(1_500))) {
      java.time.Instant sent = java.time.Instant.now();
      int status = api.get(context(conversation), tenant.key()).status();
      String outcome = resolve(conversation, "1").text("outcome");
      if (sent.isAfter(expiresAt)) {
        gone++;
        if (status != 404 || !"NO_CONTEXT".equals(outcome)) {
          servedAfterExpiry.add(status + "/" + outcome + " at " + sent);
        }
      }
    }

    assertThat(gone).as("reads sent after expiresAt").isGreaterThan(10);
    assertThat(servedAfterExpiry).as("answers after expiresAt " + expiresAt).isEmpty();
  }

  @Test
  void refusesBadListsAndTextNamingTheField() {
    String conversation = conversation();
    String fiftyOne =
        IntStream.rangeClosed(1, 51)
            .mapToObj(i -> "{\"id\":\"p" + i + "\",\"title\":\"t" + i + "\"}")
            .collect(Collectors.joining(",", "[", "]"));

    assertError(
        put(conversation, "{\"listType\":\"products\",\"items\":[]}"),
        422,
        "items must hold 1 to 50");
    assertError(
        put(conversation, "{\"listType\":\"products\",\"items\":" + fiftyOne + "}"),
        422,
        "items must hold 1 to 50");
    assertError(
        put(conversation, "{\"listType\":\"shoes\",\"items\":" + ITEMS + "}"),
        422,
        "listType must be one of");
    assertError(put(conversation, "{\"items\":" + ITEMS + "}"), 422, "listType is required");
    assertError(
        put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + ",\"ttlSeconds\":0}"),
        422,
        "ttlSeconds");
    assertError(
        put(conversation, "{\"listType\":\"products\",\"items\":[{\"id\":\"p1\"}]}"),
        422,
        "items[0].title");
    assertError(put(conversation, "{\"listType\":\"products\",\"items\":[\"p1\"]}"), 400, "items");
    assertError(
        put(conversation, "{\"listType\":\"products\",\"items\":" + ITEMS + ",\"extra\":1}"),
        400,
        "unknown field 'extra'");
    assertError(
        api.post(context(conversation) + "/resolve", tenant.key(), "{}"), 422, "text is required");
    assertError(
        api.get(context(java.util.UUID.randomUUID().toString()), tenant.key()),
        404,
        "conversation not found");
    assertError(
        api.get(context(conversation), tenant.key()), 404, "active reference context not found");
    TestApp.TenantKey other = app().newTenant();
    assertError(
        api.get(
            "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/reference-context",
            other.key()),
        404,
        "not found");
  }

  private void assertError(Reply reply, int status, String fragment) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.text("message")).contains(fragment);
  }
}
