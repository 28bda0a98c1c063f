package io.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.demo.LongConversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * What the scenarios run against, found in the database demo-data filled and prepared through the
 * API: a key per tenant, a sample of conversations (the first {@link #HOT} with a reference
 * context), one conversation of {@link #LONG_MESSAGES} messages, and catalog queries built from the
 * largest tenant's titles.
 */
final class Fixtures {
  static final int SAMPLE = 20_000;
  static final int HOT = 1_000;
  static final int LONG_MESSAGES = 1_000_000;
  private static final String LONG_ADDRESS = "+254799000001";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Conversation(UUID tenant, UUID id) {}

  final Map<UUID, String> keys = new HashMap<>();
  final List<Conversation> sample = new ArrayList<>();
  UUID largestTenant;
  Conversation longConversation;
  long databaseMessages;
  long databaseConversations;
  long largestCatalog;
  final List<String> coldQueries = new ArrayList<>();
  final List<String> warmQueries = new ArrayList<>();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final String adminKey;
  private final Jdbi jdbi;

  Fixtures(String api, String adminKey, Jdbi jdbi) {
    this.api = api;
    this.adminKey = adminKey;
    this.jdbi = jdbi;
  }

  List<Conversation> hot() {
    return sample.subList(0, Math.min(HOT, sample.size()));
  }

  void prepare() throws IOException, InterruptedException {
    jdbi.useHandle(
        h -> {
          databaseMessages = h.createQuery("SELECT count(*) FROM messages").mapTo(Long.class).one();
          databaseConversations =
              h.createQuery("SELECT count(*) FROM conversations").mapTo(Long.class).one();
          var largest =
              h.createQuery(
                      "SELECT tenant_id, count(*) AS n FROM products GROUP BY tenant_id"
                          + " ORDER BY n DESC LIMIT 1")
                  .mapToMap()
                  .one();
          largestTenant = (UUID) largest.get("tenant_id");
          largestCatalog = ((Number) largest.get("n")).longValue();
          h.createQuery(
                  "SELECT tenant_id, id FROM conversations WHERE message_count BETWEEN 1 AND 1000"
                      + " ORDER BY random() LIMIT "
                      + SAMPLE)
              .map(
                  (rs, ctx) ->
                      new Conversation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
              .forEach(sample::add);
        });
    for (UUID tenant :
        jdbi.withHandle(h -> h.createQuery("SELECT id FROM tenants").mapTo(UUID.class).list())) {
      keys.put(
          tenant,
          send(
                  "POST",
                  "/v1/tenants/" + tenant + "/api-keys",
                  adminKey,
                  "{\"name\":\"load harness\"}")
              .get("apiKey")
              .asText());
    }
    longConversation = longConversation();
    for (Conversation c : hot()) {
      send("PUT", conversationPath(c) + "/reference-context", keys.get(c.tenant()), REFERENCE_LIST);
    }
    catalogQueries();
  }

  String conversationPath(Conversation c) {
    return "/v1/tenants/" + c.tenant() + "/conversations/" + c.id();
  }

  /** The list the bot "just showed" in every hot conversation: five items, an hour to live. */
  static final String REFERENCE_LIST =
      """
      {"listType":"products","ttlSeconds":3600,"items":[
      {"id":"p1","title":"Nike Air Max Red","price":"4500.00"},
      {"id":"p2","title":"Adidas Superstar White","price":"5200.00"},
      {"id":"p3","title":"Red Wing Boots","price":"9800.00"},
      {"id":"p4","title":"Puma Suede Blue","price":"3900.00"},
      {"id":"p5","title":"Samsung Galaxy A15","price":"18500.00"}]}"""
          .replace("\n", "");

  private Conversation longConversation() throws IOException, InterruptedException {
    JsonNode started =
        send(
            "POST",
            "/v1/tenants/" + largestTenant + "/conversations",
            keys.get(largestTenant),
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\""
                + LONG_ADDRESS
                + "\",\"name\":\"Long\",\"language\":\"en\"}}");
    Conversation conversation =
        new Conversation(largestTenant, UUID.fromString(started.get("id").asText()));
    long count = started.get("messageCount").asLong();
    if (count == 0) {
      LongConversation.fill(
          jdbi,
          new TenantId(conversation.tenant()),
          new ConversationId(conversation.id()),
          LONG_MESSAGES);
      jdbi.useHandle(h -> h.execute("ANALYZE messages"));
    } else if (count != LONG_MESSAGES) {
      throw new IllegalStateException(
          "conversation "
              + conversation.id()
              + " holds "
              + count
              + " messages, not "
              + LONG_MESSAGES);
    }
    return conversation;
  }

  /**
   * Query strings ({@code limit=..&query=..}) of two words from the largest catalog's titles: the
   * cold ones are all different, the warm ones are 50 repeated.
   */
  private void catalogQueries() {
    List<String> titles =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT title FROM products WHERE tenant_id = :t")
                    .bind("t", largestTenant)
                    .mapTo(String.class)
                    .list());
    Set<String> words = new LinkedHashSet<>();
    for (String title : titles) {
      for (String word : title.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
        if (word.length() >= 3) {
          words.add(word);
        }
      }
    }
    List<String> vocabulary = new ArrayList<>(words);
    List<String> queries = new ArrayList<>();
    for (String first : vocabulary) {
      for (String second : vocabulary) {
        if (!first.equals(second)) {
          queries.add(encode(first + " " + second));
        }
      }
    }
    Random random = new Random(42);
    Collections.shuffle(queries, random);
    for (int i = 0; i < 50; i++) {
      warmQueries.add("limit=20&query=" + queries.get(i));
    }
    // The catalogs' vocabulary is small: the page size varies too, which keeps every request new.
    for (int limit = 5; limit <= 24; limit++) {
      for (String query : queries.subList(50, queries.size())) {
        coldQueries.add("limit=" + limit + "&query=" + query);
      }
    }
    Collections.shuffle(coldQueries, random);
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  JsonNode send(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
