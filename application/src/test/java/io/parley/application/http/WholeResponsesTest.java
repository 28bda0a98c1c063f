package io.parley.application.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.Fixtures;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Bodies up to 64 KiB go out whole with their Content-Length; larger ones streamed, complete; a
 * thread's reused buffer never carries one body's bytes into the next.
 */
class WholeResponsesTest {
  @Test
  void bodiesGoOutWholeOrChunkedAndNeverMixed() {
    TestApp.TenantKey shop = TestApp.newTenant();
    ApiClient api = TestApp.api();
    String base = "/v1/tenants/" + shop.id();
    String conversation = Fixtures.start(api, base, shop.key(), "+254777000901");
    String messages = base + "/conversations/" + conversation + "/messages";
    String longText = "x".repeat(9_000);
    for (int i = 0; i < 12; i++) {
      Reply appended =
          api.post(
              messages,
              shop.key(),
              "{\"direction\":\"in\",\"type\":\"customer_inbound\",\"text\":\""
                  + longText
                  + i
                  + "\"}");
      assertThat(appended.status()).as(appended.toString()).isEqualTo(201);
    }

    for (int round = 0; round < 3; round++) {
      Reply large = api.get(messages + "?limit=12", shop.key()); // about 110 KB
      assertThat(large.status()).isEqualTo(200);
      // streamed: chunked, or ended by closing the connection (this client asks for that)
      assertThat(large.raw().headers().firstValue("Content-Length")).isEmpty();
      assertThat(large.body().path("messages")).hasSize(12);
      assertThat(large.body().at("/messages/0/text").asText()).isEqualTo(longText + 11);

      Reply medium = api.get(messages + "?limit=5", shop.key()); // about 46 KB: whole
      assertWhole(medium);
      assertThat(medium.body().path("messages")).hasSize(5);

      Reply small = api.get(messages + "?limit=1", shop.key());
      assertWhole(small);
      assertThat(small.body().at("/messages/0/text").asText()).isEqualTo(longText + 11);

      Reply missing = api.get(base + "/conversations/" + conversation + "x/messages", shop.key());
      assertThat(missing.status()).isGreaterThanOrEqualTo(400);
      assertWhole(missing);
    }
  }

  private static void assertWhole(Reply reply) {
    String text = reply.raw().body();
    assertThat(reply.raw().headers().firstValue("Transfer-Encoding")).isEmpty();
    assertThat(reply.raw().headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(text.getBytes(StandardCharsets.UTF_8).length));
  }
}
