package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Finding a customer by address, reading them, and walking their conversations. */
class CustomerAppTest {
  private final ApiClient api = TestApp.api();

  @Test
  void findsACustomerByAddressAndWalksTheirConversationsNewestFirst() {
    TestApp.TenantKey shop = TestApp.newTenant();
    String base = "/v1/tenants/" + shop.id();
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String conversation = start(base, shop.key(), "+254700000555");
      started.add(conversation);
      api.patch(base + "/conversations/" + conversation, shop.key(), "{\"status\":\"closed\"}");
    }
    start(base, shop.key(), "+254700000556");

    Reply found = api.get(base + "/customers?address=" + encode("+254700000555"), shop.key());
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body().path("customers")).hasSize(1);
    JsonNode customer = found.body().path("customers").get(0);
    assertThat(customer.path("address").asText()).isEqualTo("+254700000555");
    assertThat(customer.path("channel").asText()).isEqualTo("whatsapp");
    assertThat(customer.path("conversationCount").asLong()).isEqualTo(3);
    assertThat(customer.path("lastSeenAt").asText()).isNotEmpty();
    String id = customer.path("id").asText();

    Reply read = api.get(base + "/customers/" + id, shop.key());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(customer);

    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      Reply page =
          api.get(
              base
                  + "/customers/"
                  + id
                  + "/conversations?limit=2"
                  + (cursor == null ? "" : "&cursor=" + encode(cursor)),
              shop.key());
      assertThat(page.status()).isEqualTo(200);
      page.body().path("conversations").forEach(c -> walked.add(c.path("id").asText()));
      cursor =
          page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asText();
    } while (cursor != null);
    java.util.Collections.reverse(started);
    assertThat(walked).containsExactlyElementsOf(started);

    assertThat(
            api.get(base + "/customers?address=" + encode("+254700000999"), shop.key())
                .body()
                .path("customers"))
        .isEmpty();
  }

  @Test
  void anotherTenantsCustomerIsNotFoundAndBadIdsOrAddressesAreBadRequests() {
    TestApp.TenantKey shop = TestApp.newTenant();
    TestApp.TenantKey other = TestApp.newTenant();
    String base = "/v1/tenants/" + shop.id();
    start(base, shop.key(), "+254700000557");
    String id =
        api.get(base + "/customers?address=" + encode("+254700000557"), shop.key())
            .body()
            .path("customers")
            .get(0)
            .path("id")
            .asText();
    String otherBase = "/v1/tenants/" + other.id();

    assertThat(api.get(otherBase + "/customers/" + id, other.key()).status()).isEqualTo(404);
    assertThat(api.get(otherBase + "/customers/" + id + "/conversations", other.key()).status())
        .isEqualTo(404);
    assertThat(
            api.get(otherBase + "/customers?address=" + encode("+254700000557"), other.key())
                .body()
                .path("customers"))
        .isEmpty();
    assertThat(api.get(base + "/customers/" + id, other.key()).status()).isEqualTo(404);
    assertThat(api.get(base + "/customers/" + UUID.randomUUID(), shop.key()).status())
        .isEqualTo(404);

    Reply malformed = api.get(base + "/customers/not-an-id", shop.key());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text("message")).contains("customerId");
    assertThat(api.get(base + "/customers", shop.key()).text("message")).contains("address");
    assertThat(api.get(base + "/customers?address=", shop.key()).status()).isEqualTo(400);
    assertThat(api.get(base + "/customers?address=" + "9".repeat(101), shop.key()).status())
        .isEqualTo(400);
    assertThat(api.get(base + "/customers?address=%0A1", shop.key()).status()).isEqualTo(400);
    assertThat(api.get(base + "/customers/" + id + "/conversations?limit=0", shop.key()).status())
        .isEqualTo(400);
  }

  private String start(String base, String key, String address) {
    Reply started =
        api.post(
            base + "/conversations",
            key,
            "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"" + address + "\"}}");
    assertThat(started.status()).isIn(200, 201);
    return started.text("id");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
