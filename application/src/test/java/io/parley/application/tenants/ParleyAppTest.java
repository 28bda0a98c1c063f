package io.parley.application.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole service, end to end: tenants, keys, conversations, messages, both paging styles. */
class ParleyAppTest {
  static final String ADMIN_KEY = TestApp.ADMIN_KEY;
  static ApiClient api;
  static String tenant;
  static String key;

  @BeforeAll
  static void createTenant() {
    api = TestApp.api();
    TestApp.TenantKey created = TestApp.newTenant();
    tenant = created.id();
    key = created.key();
  }

  static String conversation(String address) {
    Reply reply =
        api.post(
            "/v1/tenants/" + tenant + "/conversations",
            key,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                + address
                + "\",\"name\":\"Amina\"}}");
    assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
    return reply.text("id");
  }

  static Reply append(String conversation, String type, String text, String providerId) {
    String direction = type.equals("customer_inbound") ? "in" : "out";
    String provider = providerId == null ? "" : ",\"providerMessageId\":\"" + providerId + "\"";
    return api.post(
        messagesOf(conversation),
        key,
        "{\"direction\":\""
            + direction
            + "\",\"type\":\""
            + type
            + "\",\"text\":\""
            + text
            + "\""
            + provider
            + "}");
  }

  static String messagesOf(String conversation) {
    return "/v1/tenants/" + tenant + "/conversations/" + conversation + "/messages";
  }

  @Test
  void walksFiveHundredMessagesEveryWayWithoutGapsOrRepeats() {
    String conversation = conversation("+254711000500");
    for (int i = 1; i <= 500; i++) {
      String type = i % 50 == 0 ? "system" : i % 2 == 0 ? "bot_response" : "customer_inbound";
      assertThat(append(conversation, type, "message " + i, "wamid.walk." + i).status())
          .isEqualTo(201);
    }
    List<Long> visible = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (long seq = 1; seq <= 500; seq++) {
      all.add(seq);
      if (seq % 50 != 0) {
        visible.add(seq);
      }
    }

    Walk backwards = walkCursor(conversation, "", "&before=", 37);
    assertThat(backwards.seqs()).containsExactlyElementsOf(reversed(visible));
    // From the oldest page, prevCursor walks forward (oldest first) to the newest message.
    Walk forwards = walkCursor(conversation, "&after=" + backwards.lastPrevCursor(), "&after=", 41);
    List<Long> oldestPageThenForwards = new ArrayList<>(reversed(backwards.lastPage()));
    oldestPageThenForwards.addAll(forwards.seqs());
    assertThat(oldestPageThenForwards).containsExactlyElementsOf(visible);

    assertThat(walkPages(conversation, "", 37)).containsExactlyElementsOf(reversed(visible));
    assertThat(walkPages(conversation, "&order=asc", 37)).containsExactlyElementsOf(visible);
    assertThat(walkPages(conversation, "&includeSystem=true", 64))
        .containsExactlyElementsOf(reversed(all));
    assertThat(walkCursor(conversation, "&includeSystem=true", "&before=", 64).seqs())
        .containsExactlyElementsOf(reversed(all));
  }

  private static List<Long> reversed(List<Long> list) {
    List<Long> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  /** Seqs in the order served, the last page's seqs, and that page's prevCursor. */
  record Walk(List<Long> seqs, List<Long> lastPage, String lastPrevCursor) {}

  /** Follows nextCursor from {@code start}, continuing with {@code direction} (before or after). */
  private static Walk walkCursor(String conversation, String start, String direction, int limit) {
    List<Long> seqs = new ArrayList<>();
    String query = "?limit=" + limit + start;
    while (true) {
      Reply page = api.get(messagesOf(conversation) + query, key);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      List<Long> pageSeqs = new ArrayList<>();
      page.body().path("messages").forEach(m -> pageSeqs.add(m.path("seq").asLong()));
      seqs.addAll(pageSeqs);
      String next = page.text("nextCursor");
      assertThat(page.body().path("hasMore").asBoolean()).isEqualTo(next != null);
      if (next == null) {
        return new Walk(seqs, pageSeqs, page.text("prevCursor"));
      }
      String filter = start.replaceAll("&(after|before)=[^&]*", "");
      query = "?limit=" + limit + filter + direction + next;
    }
  }

  private static List<Long> walkPages(String conversation, String options, int pageSize) {
    List<Long> seqs = new ArrayList<>();
    for (int page = 1; ; page++) {
      Reply reply =
          api.get(
              messagesOf(conversation) + "?page=" + page + "&pageSize=" + pageSize + options, key);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      JsonNode body = reply.body();
      body.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
      assertThat(body.path("hasPrevious").asBoolean()).isEqualTo(page > 1);
      if (!body.path("hasNext").asBoolean()) {
        assertThat(body.path("totalPages").asLong()).isEqualTo(page);
        assertThat(body.path("totalMessages").asLong()).isEqualTo(seqs.size());
        Reply past =
            api.get(
                messagesOf(conversation)
                    + "?page="
                    + (page + 1)
                    + "&pageSize="
                    + pageSize
                    + options,
                key);
        assertThat(past.status()).isEqualTo(200);
        assertThat(past.body().path("messages")).isEmpty();
        return seqs;
      }
    }
  }

  @Test
  void aHistoryPageRunsOneStatementOnceTheKeyIsWarm() {
    String conversation = conversation("+254711000001");
    for (int i = 0; i < 5; i++) {
      append(conversation, "customer_inbound", "hi " + i, null);
    }
    api.get(messagesOf(conversation), key);

    Reply newest = api.get(messagesOf(conversation) + "?limit=2", key);
    Reply older =
        api.get(messagesOf(conversation) + "?limit=2&before=" + newest.text("nextCursor"), key);
    Reply numbered = api.get(messagesOf(conversation) + "?page=2&pageSize=2&direction=in", key);

    assertThat(newest.queryCount()).as("the newest page, from the window in Redis").isZero();
    assertThat(older.queryCount()).isEqualTo(1);
    assertThat(numbered.queryCount()).isEqualTo(1);
    assertThat(numbered.body().path("totalMessages").asLong()).isEqualTo(5);
  }

  @Test
  void minSeqDemandsAWriteTheClientKnowsOfAndMustBeAPositiveWholeNumber() {
    String conversation = conversation("+254711000009");
    long seq = 0;
    for (int i = 0; i < 3; i++) {
      seq = append(conversation, "customer_inbound", "hi " + i, null).body().path("seq").asLong();
    }
    String agent = "/v1/tenants/" + tenant + "/conversations/" + conversation + "/agent-context";
    Reply newest = api.get(messagesOf(conversation) + "?limit=2&minSeq=" + seq, key);
    assertThat(newest.body().at("/messages/0/seq").asLong()).isEqualTo(seq);
    Reply context = api.get(agent + "?minSeq=" + seq, key);
    assertThat(context.body().at("/recentMessages/2/seq").asLong()).isEqualTo(seq);
    Reply beyond = api.get(messagesOf(conversation) + "?limit=2&minSeq=" + (seq + 100), key);
    assertThat(beyond.status()).as("what the primary has, when minSeq is past it").isEqualTo(200);
    assertThat(beyond.body().at("/messages/0/seq").asLong()).isEqualTo(seq);
    for (String bad : List.of("0", "-1", "abc", "1.5")) {
      Reply refused = api.get(messagesOf(conversation) + "?minSeq=" + bad, key);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.text("message")).contains("minSeq");
      assertThat(api.get(agent + "?minSeq=" + bad, key).status()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void theKeyCheckIsCachedAndARevokedKeyStopsWorkingAtOnce() {
    Reply issued = api.post("/v1/tenants/" + tenant + "/api-keys", key, "{\"name\":\"webhook\"}");
    assertThat(issued.status()).isEqualTo(201);
    String newKey = issued.text("apiKey");
    String conversation = conversation("+254711000002");
    String path = "/v1/tenants/" + tenant + "/conversations/" + conversation;

    Reply cold = api.get(path, newKey);
    Reply warm = api.get(path, newKey);
    Reply revoked = api.delete("/v1/tenants/" + tenant + "/api-keys/" + issued.text("id"), key);
    Reply after = api.get(path, newKey);

    assertThat(cold.queryCount()).isEqualTo(2);
    assertThat(warm.queryCount()).isEqualTo(1);
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(after.status()).isEqualTo(401);
    assertThat(api.delete("/v1/tenants/" + tenant + "/api-keys/" + issued.text("id"), key).status())
        .isEqualTo(404);
  }

  @Test
  void anotherTenantsDataAnswers404AsIfAbsent() {
    TestApp.TenantKey other = TestApp.newTenant();
    String otherKey = other.key();
    String conversation = conversation("+254711000003");
    String path = "/v1/tenants/" + tenant + "/conversations/" + conversation;

    assertThat(api.get(path, otherKey).status()).isEqualTo(404);
    assertThat(api.get(path + "/messages", otherKey).status()).isEqualTo(404);
    assertThat(api.patch(path, otherKey, "{\"status\":\"closed\"}").status()).isEqualTo(404);
    assertThat(
            api.get("/v1/tenants/" + other.id() + "/conversations/" + conversation, otherKey)
                .status())
        .isEqualTo(404);
    assertThat(
            api.get("/v1/tenants/" + other.id() + "/conversations/" + conversation, ADMIN_KEY)
                .status())
        .isEqualTo(404);
    assertThat(api.get(path, ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void concurrentRetriesOfOneWebhookStoreOneMessage() throws Exception {
    String conversation = conversation("+254711000004");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<Reply>> retries = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        retries.add(() -> append(conversation, "customer_inbound", "ya pili", "wamid.retry"));
      }
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (Future<Reply> reply : pool.invokeAll(retries)) {
        assertThat(reply.get().status()).isIn(200, 201);
        created += reply.get().status() == 201 ? 1 : 0;
        ids.add(reply.get().text("id"));
      }
      assertThat(created).isEqualTo(1);
      assertThat(ids).hasSize(1);
      assertThat(
              api.get("/v1/tenants/" + tenant + "/conversations/" + conversation, key)
                  .body()
                  .path("messageCount")
                  .asLong())
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void getOrCreateReturnsTheActiveConversationAndPatchChangesIt() {
    String first = conversation("+254711000005");
    assertThat(conversation("+254711000005")).isEqualTo(first);
    String path = "/v1/tenants/" + tenant + "/conversations/" + first;

    Reply patched =
        api.patch(
            path,
            key,
            "{\"status\":\"closed\",\"summary\":\"Bought shoes\",\"keyFacts\":[\"size 42\"]}");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.text("status")).isEqualTo("closed");
    assertThat(patched.body().path("keyFacts").get(0).asText()).isEqualTo("size 42");
    assertThat(conversation("+254711000005")).isNotEqualTo(first);
    Reply listed = api.get("/v1/tenants/" + tenant + "/conversations?status=closed&limit=10", key);
    assertThat(listed.body().path("conversations").findValuesAsText("id")).contains(first);
  }

  @Test
  void onlyTheAdminCreatesTenantsAndSlugsAreUnique() {
    Reply byTenant = api.post("/v1/tenants", key, "{\"name\":\"X\",\"slug\":\"x-shop\"}");
    api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"K\",\"slug\":\"kilimani-shoes\"}");
    Reply duplicate =
        api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"X\",\"slug\":\"kilimani-shoes\"}");
    Reply anonymous = api.post("/v1/tenants", null, "{\"name\":\"X\",\"slug\":\"y-shop\"}");

    assertThat(byTenant.status()).isEqualTo(403);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.text("message")).contains("kilimani-shoes");
    assertThat(anonymous.status()).isEqualTo(401);
  }
}
