package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON may escape a lone UTF-16 surrogate ({@code "\ud800x"}); no Unicode text holds one, so no
 * response could show it. Every free text Parley stores refuses it with a 422 naming the field,
 * before anything is stored, and the conversation's reads keep working.
 */
class UnpairedSurrogatesTest {
  /** A JSON escape of a lone high surrogate (kept apart so javac does not read it as one). */
  private static final String LONE = "\\" + "ud800";

  /** A JSON escape of a whole surrogate pair, an emoji: fine. */
  private static final String PAIR = "\\" + "ud83d" + "\\" + "ude00";

  private static ApiClient api;
  private static TestApp.TenantKey shop;
  private static String base;
  private static String conversation;

  @BeforeAll
  static void setUp() {
    api = TestApp.api();
    shop = TestApp.newTenant();
    base = "/v1/tenants/" + shop.id();
    conversation = Fixtures.start(api, base, shop.key(), "+254788000001");
  }

  private static String messages() {
    return base + "/conversations/" + conversation + "/messages";
  }

  private static void assertRefused(Reply reply, String field) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
    assertThat(reply.text("message")).as(reply.toString()).contains(field);
  }

  private static void assertReadsWork() {
    String c = base + "/conversations/" + conversation;
    for (String read :
        new String[] {
          c,
          c + "/messages?limit=50",
          c + "/messages?page=1&pageSize=50&order=asc",
          c + "/agent-context",
          base + "/conversations?limit=50"
        }) {
      Reply reply = api.get(read, shop.key());
      assertThat(reply.status()).as(read + " " + reply).isEqualTo(200);
    }
  }

  @Test
  void messageTextAndPayloadAreRefusedSinglyAndPerItem() {
    assertRefused(
        api.post(
            messages(),
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"" + LONE + "x\"}"),
        "text");
    assertRefused(
        api.post(
            messages(),
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\","
                + "\"payload\":{\"caption\":\"a"
                + LONE
                + "\"}}"),
        "payload");
    Reply key =
        api.post(
            messages(),
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"hi\","
                + "\"payload\":{\"k"
                + LONE
                + "\":1}}");
    assertThat(key.status())
        .as("Jackson itself refuses such a field name while reading: " + key)
        .isIn(400, 422);
    assertThat(key.text("message")).contains("payload");
    Reply batch =
        api.post(
            base + "/messages/batch",
            shop.key(),
            "{\"messages\":[{\"conversationId\":\""
                + conversation
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"T"
                + LONE
                + "\"},{\"conversationId\":\""
                + conversation
                + "\",\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"ok "
                + PAIR
                + "\"}]}");
    assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
    assertThat(batch.body().at("/results/0/status").asInt()).isEqualTo(422);
    assertThat(batch.body().at("/results/0/error").asText()).contains("text");
    assertThat(batch.body().at("/results/1/status").asInt()).isEqualTo(201);
    assertThat(batch.body().at("/results/1/message/text").asText()).isEqualTo("ok \uD83D\uDE00");
    assertReadsWork();
  }

  @Test
  void aReferenceContextItemIsRefusedAndNothingIsStored() {
    String context = base + "/conversations/" + conversation + "/reference-context";
    for (String item :
        new String[] {
          "{\"id\":\"p1\",\"title\":\"T" + LONE + "\"}",
          "{\"id\":\"p" + LONE + "\",\"title\":\"T\"}",
          "{\"id\":\"p1\",\"title\":\"T\",\"description\":\"d" + LONE + "\"}",
          "{\"id\":\"p1\",\"title\":\"T\",\"attributes\":{\"colour\":\"" + LONE + "\"}}",
        }) {
      Reply put =
          api.sendRaw(
              "PUT",
              context,
              shop.key(),
              ("{\"listType\":\"products\",\"items\":[" + item + "]}")
                  .getBytes(StandardCharsets.UTF_8));
      assertRefused(put, "items[0]");
      Reply current = api.get(context, shop.key());
      assertThat(current.status()).as("nothing stored: " + current).isEqualTo(404);
    }
    assertReadsWork();
  }

  @Test
  void conversationAndCustomerTextsAreRefused() {
    assertRefused(
        api.post(
            base + "/conversations",
            shop.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+254788000002\",\"name\":\"A"
                + LONE
                + "\"}}"),
        "customer.name");
    assertRefused(
        api.post(
            base + "/conversations",
            shop.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+2547880" + LONE + "\"}}"),
        "customer.address");
    String c = base + "/conversations/" + conversation;
    assertRefused(api.patch(c, shop.key(), "{\"summary\":\"s" + LONE + "\"}"), "summary");
    assertRefused(api.patch(c, shop.key(), "{\"keyFacts\":[\"f" + LONE + "\"]}"), "keyFacts");
    assertRefused(
        api.patch(c, shop.key(), "{\"handoff\":{\"active\":true,\"assignee\":\"" + LONE + "\"}}"),
        "handoff.assignee");
    Reply statuses =
        api.post(
            base + "/message-statuses",
            shop.key(),
            "{\"statuses\":[{\"providerMessageId\":\"wamid.S\",\"status\":\"failed\","
                + "\"at\":\"2026-03-01T10:00:00Z\",\"error\":{\"code\":\"1\",\"title\":\""
                + LONE
                + "\"}}]}");
    assertThat(statuses.body().at("/results/0/status").asInt())
        .as(statuses.toString())
        .isEqualTo(422);
    assertThat(statuses.body().at("/results/0/error").asText()).contains("error.title");
    assertReadsWork();
  }

  @Test
  void catalogTextsAreRefused() {
    String products = base + "/catalog/products";
    for (String[] product :
        new String[][] {
          {"{\"title\":\"Shoe" + LONE + "\",\"price\":\"1.00\",\"currency\":\"KES\"}", "title"},
          {
            "{\"title\":\"Shoe\",\"price\":\"1.00\",\"currency\":\"KES\",\"attributes\":{\"c\":\""
                + LONE
                + "\"}}",
            "attributes"
          },
          {
            "{\"title\":\"Shoe\",\"price\":\"1.00\",\"currency\":\"KES\",\"variants\":[{\"title\":\"v\","
                + "\"attributes\":{\"c\":\""
                + LONE
                + "\"}}]}",
            "attributes"
          },
        }) {
      Reply put =
          api.sendRaw(
              "PUT",
              products,
              shop.key(),
              ("{\"products\":[" + product[0] + "]}").getBytes(StandardCharsets.UTF_8));
      assertRefused(put, product[1]);
    }
    Reply listed = api.get(products + "?limit=20", shop.key());
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.body().path("products")).isEmpty();
  }
}
