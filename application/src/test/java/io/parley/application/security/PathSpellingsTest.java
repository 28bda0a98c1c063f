package io.parley.application.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No spelling of a path reaches a resource without the key it needs: matrix parameters (which the
 * request's path keeps and routing ignores), dot segments, doubled slashes, an encoded letter. A
 * fresh-eyes review found {@code /v1;x/tenants/...} read and wrote any tenant's conversations with
 * no key at all, since authentication was decided by the path string.
 */
class PathSpellingsTest {
  private final ApiClient api = TestApp.api();
  private final TestApp.TenantKey owner = TestApp.newTenant();
  private final TestApp.TenantKey other = TestApp.newTenant();

  private List<String> spellings(String rest) {
    String t = owner.id();
    return List.of(
        "/v1;x/tenants/" + t + rest,
        "/v1;/tenants/" + t + rest,
        "/v1/tenants;x/" + t + rest,
        "/v1/tenants/" + t + ";x" + rest,
        "//v1/tenants/" + t + rest,
        "/./v1/tenants/" + t + rest,
        "/a/../v1/tenants/" + t + rest,
        "/v1//tenants/" + t + rest,
        "/%761/tenants/" + t + rest);
  }

  @Test
  void withoutAKeyEverySpellingIsRefusedAndWritesNothing() {
    String conversation =
        api.post(
                "/v1/tenants/" + owner.id() + "/conversations",
                owner.key(),
                "{\"channel\":\"whatsapp\",\"customer\":{\"address\":\"+255700000456\"}}")
            .text("id");
    String messages = "/conversations/" + conversation + "/messages";
    for (String path : spellings(messages)) {
      Reply read = api.get(path, null);
      Reply write =
          api.post(path, null, "{\"direction\":\"out\",\"type\":\"bot_response\",\"text\":\"x\"}");
      assertThat(read.status()).as("GET " + path).isIn(400, 401, 404);
      assertThat(write.status()).as("POST " + path).isIn(400, 401, 404, 405);
    }
    for (String path : spellings("/customers?address=%2B255700000456")) {
      assertThat(api.get(path, null).status()).as("GET " + path).isIn(400, 401, 404);
    }
    Reply stored = api.get("/v1/tenants/" + owner.id() + messages, owner.key());
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.body().path("messages")).as("nothing written without a key").isEmpty();
  }

  @Test
  void anotherTenantsKeyFindsNothingUnderAnySpelling() {
    for (String path : spellings("/conversations")) {
      assertThat(api.get(path, other.key()).status()).as("GET " + path).isIn(400, 404);
    }
  }

  @Test
  void aBotKeyManagesNothingUnderAnySpelling() {
    String bot =
        api.post("/v1/tenants/" + owner.id() + "/api-keys", owner.key(), "{\"name\":\"b\"}")
            .text("apiKey");
    for (String rest : List.of("/api-keys", "/webhooks", "/settings")) {
      for (String path : spellings(rest)) {
        assertThat(api.get(path, bot).status()).as("GET " + path).isIn(400, 403, 404, 405);
      }
    }
  }
}
