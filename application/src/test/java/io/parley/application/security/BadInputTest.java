package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a 4xx JSON error whose message names the problem; never a 500. */
class BadInputTest {
  private static ApiClient api;
  private static TestApp.TenantKey tenant;
  private static String conversation;
  private static String otherConversation;
  private static String cursor;
  private static String foreignCursor;

  @BeforeAll
  static void setUp() {
    api = TestApp.api();
    tenant = TestApp.newTenant();
    conversation = start("+254722000001");
    otherConversation = start("+254722000002");
    for (int i = 0; i < 3; i++) {
      api.post(messages(conversation), tenant.key(), message("\"hi\""));
      api.post(messages(otherConversation), tenant.key(), message("\"hi\""));
    }
    cursor = api.get(messages(conversation) + "?limit=1", tenant.key()).text("nextCursor");
    foreignCursor =
        api.get(messages(otherConversation) + "?limit=1", tenant.key()).text("nextCursor");
  }

  private static String start(String address) {
    return api.post(
            "/v1/tenants/" + tenant.id() + "/conversations",
            tenant.key(),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"" + address + "\"}}")
        .text("id");
  }

  private static String messages(String conversation) {
    return "/v1/tenants/" + tenant.id() + "/conversations/" + conversation + "/messages";
  }

  private static String message(String text) {
    return "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":" + text + "}";
  }

  static Stream<Arguments> badRequests() {
    String m = "MESSAGES";
    String c = "CONVERSATION";
    return Stream.of(
        Arguments.of("POST", m, "{\"direction\":", 400, "malformed JSON"),
        Arguments.of("POST", m, "{\"direction\":\"in\",,}", 400, "malformed JSON"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"bogus\":1}",
            400,
            "unknown field 'bogus'"),
        Arguments.of("POST", m, message("12"), 400, "field 'text'"),
        Arguments.of("POST", m, message("[\"a\"]"), 400, "field 'text'"),
        Arguments.of("POST", m, message("\"x\"") + " trailing", 400, "malformed JSON"),
        Arguments.of("POST", m, "[]", 400, "JSON object"),
        Arguments.of("POST", m, "", 400, "JSON"),
        Arguments.of(
            "POST",
            m,
            message("\"" + "x".repeat(10_001) + "\""),
            422,
            "text must be at most 10000"),
        Arguments.of("POST", m, message("\"nul \\u0000 here\""), 422, "text must not contain NUL"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"up\",\"type\":\"customer_inbound\",\"text\":\"x\"}",
            422,
            "direction must be one of in, out"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"spam\",\"text\":\"x\"}",
            422,
            "type must be one of"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\"}",
            422,
            "text is required"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"payload\":\"str\"}",
            422,
            "payload must be a JSON object"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"payload\":{\"a\":\"\\u0000\"}}",
            422,
            "payload must not contain NUL"),
        Arguments.of(
            "POST",
            m,
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\"x\",\"providerMessageId\":\"\"}",
            422,
            "providerMessageId"),
        Arguments.of(
            "GET", m + "?limit=0", null, 400, "limit must be a whole number from 1 to 200"),
        Arguments.of("GET", m + "?limit=201", null, 400, "limit"),
        Arguments.of("GET", m + "?limit=-5", null, 400, "limit"),
        Arguments.of("GET", m + "?limit=abc", null, 400, "limit"),
        Arguments.of("GET", m + "?limit=99999999999999999999", null, 400, "limit"),
        Arguments.of("GET", m + "?page=0", null, 400, "page must be"),
        Arguments.of("GET", m + "?page=x", null, 400, "page must be"),
        Arguments.of("GET", m + "?pageSize=0", null, 400, "pageSize"),
        Arguments.of("GET", m + "?pageSize=500", null, 400, "pageSize"),
        Arguments.of("GET", m + "?page=1&limit=5", null, 400, "either cursor paging"),
        Arguments.of("GET", m + "?order=asc&before=CURSOR", null, 400, "either cursor paging"),
        Arguments.of("GET", m + "?order=sideways", null, 400, "order must be asc or desc"),
        Arguments.of("GET", m + "?before=CURSOR&after=CURSOR", null, 400, "before and after"),
        Arguments.of("GET", m + "?before=TAMPERED", null, 400, "before is not a valid cursor"),
        Arguments.of("GET", m + "?after=FOREIGN", null, 400, "after is not a valid cursor"),
        Arguments.of("GET", m + "?before=not-a-cursor", null, 400, "before is not a valid cursor"),
        Arguments.of(
            "GET", m + "?includeSystem=maybe", null, 400, "includeSystem must be true or false"),
        Arguments.of("GET", m + "?type=spam", null, 400, "type must be one of"),
        Arguments.of("GET", m + "?direction=up", null, 400, "direction must be one of"),
        Arguments.of("GET", "/v1/tenants/TENANT/conversations?limit=0", null, 400, "limit"),
        Arguments.of(
            "GET",
            "/v1/tenants/TENANT/conversations?status=happy",
            null,
            400,
            "status must be one of"),
        Arguments.of(
            "GET",
            "/v1/tenants/TENANT/conversations?cursor=FOREIGN",
            null,
            400,
            "cursor is not a valid cursor"),
        Arguments.of(
            "PATCH",
            c,
            "{\"status\":\"happy\"}",
            422,
            "status must be one of open, bot, handoff, closed, dormant"),
        Arguments.of("PATCH", c, "{\"keyFacts\":\"size 42\"}", 400, "field 'keyFacts'"),
        Arguments.of("PATCH", c, "{\"keyFacts\":[\"\"]}", 422, "keyFacts[] is required"),
        Arguments.of("PATCH", c, "{\"summary\":7}", 400, "field 'summary'"),
        Arguments.of(
            "POST",
            "/v1/tenants/TENANT/conversations",
            "{\"channel\":\"WhatsApp!\",\"customer\":{\"address\":\"+1\"}}",
            422,
            "channel must be"),
        Arguments.of(
            "POST",
            "/v1/tenants/TENANT/conversations",
            "{\"channel\":\"whatsapp\"}",
            422,
            "customer.address is required"),
        Arguments.of(
            "POST",
            "/v1/tenants/TENANT/conversations",
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+1\",\"age\":3}}",
            400,
            "unknown field 'customer.age'"),
        Arguments.of("POST", "/v1/tenants/TENANT/api-keys", "{}", 422, "name is required"),
        Arguments.of(
            "GET",
            "/v1/tenants/TENANT/conversations/" + UUID.randomUUID(),
            null,
            404,
            "conversation not found"),
        Arguments.of(
            "GET",
            "/v1/tenants/TENANT/conversations/not-a-uuid",
            null,
            404,
            "conversation not found"),
        Arguments.of(
            "GET",
            "/v1/tenants/TENANT/conversations/" + UUID.randomUUID() + "/messages",
            null,
            404,
            "conversation not found"),
        Arguments.of(
            "POST",
            "/v1/tenants/TENANT/conversations/" + UUID.randomUUID() + "/messages",
            message("\"x\""),
            404,
            "conversation not found"),
        Arguments.of(
            "DELETE",
            "/v1/tenants/TENANT/api-keys/" + UUID.randomUUID(),
            null,
            404,
            "API key not found"),
        Arguments.of(
            "GET",
            "/v1/tenants/" + UUID.randomUUID() + "/conversations",
            null,
            404,
            "tenant not found"),
        Arguments.of("GET", "/v1/tenants/not-a-uuid/conversations", null, 404, "tenant not found"));
  }

  /**
   * The cursor with one character of its signature changed. Not its last two: base64's last
   * character carries 2 bits and the decoder drops the rest, so "AA" in place of "A" and a letter
   * up to "P" decoded to the same bytes (this test passed a tampered cursor now and then).
   */
  private static String tampered(String cursor) {
    int at = cursor.length() - 4;
    char changed = cursor.charAt(at) == 'A' ? 'B' : 'A';
    return cursor.substring(0, at) + changed + cursor.substring(at + 1);
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("badRequests")
  void answersWithA4xxThatNamesTheProblem(
      String method, String path, String body, int status, String fragment) {
    String resolved =
        path.replace("MESSAGES", messages(conversation))
            .replace(
                "CONVERSATION", "/v1/tenants/" + tenant.id() + "/conversations/" + conversation)
            .replace("TENANT", tenant.id())
            .replace("TAMPERED", tampered(cursor))
            .replace("FOREIGN", foreignCursor)
            .replace("CURSOR", cursor);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Reply reply = api.sendRaw(method, resolved, tenant.key(), bytes);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.body().path("code").asInt()).isEqualTo(status);
    assertThat(reply.text("message")).contains(fragment);
    assertThat(reply.raw().body()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String huge = message("\"" + "x".repeat(2 * 1024 * 1024) + "\"");
    Reply reply = api.post(messages(conversation), tenant.key(), huge);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.text("message")).contains("larger than");
  }

  @Test
  void pathsJettyRefusesItselfStillGetJsonErrors() {
    Reply doubleSlash = api.get("/v1/tenants//conversations", tenant.key());
    Reply unknown = api.get("/v2/anything", tenant.key());

    assertThat(doubleSlash.status()).isEqualTo(400);
    assertThat(doubleSlash.body().path("code").asInt()).isEqualTo(400);
    assertThat(doubleSlash.raw().body()).doesNotContain("<html", "Exception");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("code").asInt()).isEqualTo(404);
  }

  @Test
  void aMissingOrForgedKeyIs401() {
    Reply missing = api.get(messages(conversation), null);
    Reply forged =
        api.get(
            messages(conversation), "prl_" + tenant.id().replace("-", "") + "_" + "A".repeat(43));
    Reply garbage = api.get(messages(conversation), "garbage");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(missing.text("message")).contains("Authorization");
  }

  @Test
  void theServiceAnswersNormallyAfterwards() {
    Reply ok = api.get(messages(conversation) + "?limit=2", tenant.key());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().path("messages")).hasSize(2);
  }
}
