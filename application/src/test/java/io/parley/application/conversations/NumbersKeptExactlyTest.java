package io.parley.application.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Numbers in what a client stores as given (a message's payload, a reference item) come back as the
 * same numbers: not rounded to a double, and never turned into the string "Infinity" when they are
 * past a double's range.
 */
class NumbersKeptExactlyTest {
  private static final String NUMBERS =
      "{\"huge\":1e400,\"exact\":0.12345678901234567890123,\"price\":1.50}";

  private final ApiClient api = TestApp.api();

  @Test
  void aPayloadKeepsItsNumbers() {
    TestApp.TenantKey shop = TestApp.newTenant();
    String base = "/v1/tenants/" + shop.id();
    String conversation = Fixtures.start(api, base, shop.key(), "+254744000931");

    Reply stored =
        api.post(
            base + "/conversations/" + conversation + "/messages",
            shop.key(),
            "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"payload\":" + NUMBERS + "}");
    Reply page = api.get(base + "/conversations/" + conversation + "/messages", shop.key());

    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertSameNumbers(stored.body().path("payload"));
    assertSameNumbers(page.body().path("messages").get(0).path("payload"));
  }

  @Test
  void aReferenceItemKeepsItsNumbers() {
    TestApp.TenantKey shop = TestApp.newTenant();
    String base = "/v1/tenants/" + shop.id();
    String conversation = Fixtures.start(api, base, shop.key(), "+254744000932");
    String item = NUMBERS.replace("{", "{\"id\":\"a\",\"title\":\"Nike Air\",");

    Reply put =
        api.put(
            base + "/conversations/" + conversation + "/reference-context",
            shop.key(),
            "{\"listType\":\"products\",\"items\":[" + item + "]}");
    Reply read =
        api.get(base + "/conversations/" + conversation + "/reference-context", shop.key());

    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertSameNumbers(put.body().path("items").get(0));
    assertSameNumbers(read.body().path("items").get(0));
  }

  private static void assertSameNumbers(JsonNode shown) {
    assertThat(shown.path("huge").isNumber()).as("huge: %s", shown).isTrue();
    assertThat(shown.path("huge").decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
    assertThat(shown.path("exact").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.12345678901234567890123"));
    assertThat(shown.path("price").decimalValue()).isEqualByComparingTo(new BigDecimal("1.50"));
  }
}
