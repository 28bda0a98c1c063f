package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The order rule over the whole service: a message's four possible statuses, each sent up to three
 * times, in any order, in any split into batches, some before the message is appended (held) and
 * some after, leave the message with the highest status and its time, in its history and agent
 * context alike.
 */
class DeliveryStatusPropertiesTest {
  private static final String[] STATUSES = {"sent", "delivered", "failed", "read"};
  private static TestApp.TenantKey shop;
  private static String conversation;

  @Property(tries = 60)
  void everyPermutationAndDuplicationConvergesThroughTheApi(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int kinds) {
    ApiClient api = TestApp.api();
    String base = setUp(api);
    Random random = new Random(seed);
    String providerId = "wamid.p" + Long.toHexString(random.nextLong()) + System.nanoTime();
    List<String> reports = new ArrayList<>();
    for (int k = 0; k < kinds; k++) {
      String status = STATUSES[random.nextInt(STATUSES.length)];
      for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
        reports.add(status);
      }
    }
    Collections.shuffle(reports, random);
    int appendAt = random.nextInt(reports.size() + 1);
    boolean batchAppend = random.nextBoolean();
    for (int i = 0; i <= reports.size(); i++) {
      if (i == appendAt) {
        append(api, base, providerId, batchAppend);
      }
      if (i < reports.size()) {
        int end = Math.min(reports.size(), i + 1 + random.nextInt(2));
        end = Math.min(end, appendAt > i ? appendAt : reports.size());
        StringBuilder body = new StringBuilder("{\"statuses\":[");
        for (int j = i; j < end; j++) {
          body.append(j == i ? "" : ",").append(status(providerId, reports.get(j)));
        }
        ApiClient.Reply reply = api.post(base + "/message-statuses", shop.key(), body + "]}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        i = end - 1;
      }
    }
    String highest =
        reports.stream()
            .max(
                java.util.Comparator.comparingInt(
                    s -> java.util.Arrays.asList(STATUSES).indexOf(s)))
            .orElseThrow();
    JsonNode page =
        api.get(base + "/conversations/" + conversation + "/messages?limit=1", shop.key()).body();
    assertThat(page.at("/messages/0/providerMessageId").asText()).isEqualTo(providerId);
    assertThat(page.at("/messages/0/deliveryStatus").asText()).isEqualTo(highest);
    assertThat(page.at("/messages/0/deliveryStatusAt").asText()).isEqualTo(at(highest));
    JsonNode context =
        api.get(base + "/conversations/" + conversation + "/agent-context", shop.key()).body();
    JsonNode recent = context.path("recentMessages");
    assertThat(recent.get(recent.size() - 1).path("deliveryStatus").asText()).isEqualTo(highest);
  }

  private static synchronized String setUp(ApiClient api) {
    if (shop == null) {
      shop = TestApp.newTenant();
      conversation = Fixtures.start(api, "/v1/tenants/" + shop.id(), shop.key(), "+254766000001");
    }
    return "/v1/tenants/" + shop.id();
  }

  private static void append(ApiClient api, String base, String providerId, boolean batch) {
    String message =
        "\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"hi\",\"providerMessageId\":\""
            + providerId
            + "\"";
    ApiClient.Reply reply =
        batch
            ? api.post(
                base + "/messages/batch",
                shop.key(),
                "{\"messages\":[{\"conversationId\":\"" + conversation + "\"," + message + "}]}")
            : api.post(
                base + "/conversations/" + conversation + "/messages",
                shop.key(),
                "{" + message + "}");
    assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
  }

  /** Each status has a fixed time, so the winner's time is known. */
  private static String at(String status) {
    return "2026-03-01T10:00:0" + java.util.Arrays.asList(STATUSES).indexOf(status) + ".000Z";
  }

  private static String status(String providerId, String status) {
    return "{\"providerMessageId\":\""
        + providerId
        + "\",\"status\":\""
        + status
        + "\",\"at\":\""
        + at(status).replace(".000", "")
        + "\""
        + ("failed".equals(status)
            ? ",\"error\":{\"code\":\"131047\",\"title\":\"Re-engagement\"}"
            : "")
        + "}";
  }
}
