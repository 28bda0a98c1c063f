package io.parley.application.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.ApiClient.Reply;
import io.parley.application.testing.RunningApp;
import io.parley.application.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The catalog through the whole service: sync, read, search, suggest, budgets, errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogAppTest {
  /**
   * The instance under test; {@link CatalogClusterAppTest} runs the same tests on a Redis Cluster.
   */
  RunningApp app() {
    return RunningApp.standalone();
  }

  private ApiClient api;
  private TestApp.TenantKey tenant;

  static final String PRODUCTS =
      """
      {"products": [
        {"externalSource": "shopify", "externalId": "1", "title": "Nike Air Force 1 White", "price": "8500.00",
         "currency": "KES", "stock": 4, "attributes": {"colour": "white"},
         "variants": [{"title": "Size 42", "stock": 2}, {"title": "Size 43", "price": "8700.00"}]},
        {"externalSource": "shopify", "externalId": "2", "title": "Red Sneakers", "price": 3200, "currency": "KES", "stock": 0},
        {"externalSource": "shopify", "externalId": "3", "title": "Sukari ya Kabras 2kg", "price": "260.00", "currency": "KES"},
        {"title": "Old stock boots", "price": "100.00", "currency": "KES", "active": false}
      ]}""";

  @BeforeAll
  void setUp() {
    api = app().api();
    tenant = app().newTenant();
  }

  private String path(String rest) {
    return "/v1/tenants/" + tenant.id() + "/catalog" + rest;
  }

  private Reply put(String rest, String body) {
    return api.sendRaw("PUT", path(rest), tenant.key(), body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> titles(JsonNode items) {
    List<String> titles = new ArrayList<>();
    items.forEach(item -> titles.add(item.path("title").asText()));
    return titles;
  }

  @Test
  void syncsProductsIdempotentlyAndReadsThemBack() {
    Reply first = put("/products", PRODUCTS);
    Reply again = put("/products", PRODUCTS);

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.body().path("upserted").asInt()).isEqualTo(4);
    assertThat(again.body().path("ids").get(0)).isEqualTo(first.body().path("ids").get(0));
    assertThat(again.body().path("ids").get(3)).isNotEqualTo(first.body().path("ids").get(3));
    Reply product =
        api.get(path("/products/" + first.body().path("ids").get(0).asText()), tenant.key());
    assertThat(product.text("price")).isEqualTo("8500.00");
    assertThat(product.body().path("attributes").path("colour").asText()).isEqualTo("white");
    assertThat(product.body().path("variants").get(1).path("price").asText()).isEqualTo("8700.00");
    assertThat(titles(api.get(path("/products?limit=100"), tenant.key()).body().path("products")))
        .contains("Nike Air Force 1 White", "Red Sneakers")
        .doesNotContain("Old stock boots");
  }

  @Test
  void searchesWithTyposAndCachesByCatalogVersion() {
    put("/products", PRODUCTS);
    Reply cold = api.get(path("/products?query=nike+air+forse"), tenant.key());
    Reply warm = api.get(path("/products?query=nike+air+forse"), tenant.key());
    Reply inStock = api.get(path("/products?query=sneakers&inStock=true"), tenant.key());

    assertThat(titles(cold.body().path("products"))).first().isEqualTo("Nike Air Force 1 White");
    assertThat(cold.queryCount()).isEqualTo(1);
    assertThat(warm.queryCount()).isZero();
    assertThat(titles(inStock.body().path("products"))).doesNotContain("Red Sneakers");

    put("/products", PRODUCTS.replace("Nike Air Force 1 White", "Nike Air Force 1 Black"));
    Reply afterWrite = api.get(path("/products?query=nike+air+forse"), tenant.key());
    assertThat(titles(afterWrite.body().path("products")))
        .first()
        .isEqualTo("Nike Air Force 1 Black");
  }

  @Test
  void readsByIdCostOneStatementColdAndNoneWarm() {
    String id = put("/products", PRODUCTS).body().path("ids").get(2).asText();
    api.get(path("/products?limit=1"), tenant.key()); // learns the version

    Reply cold = api.get(path("/products/" + id), tenant.key());
    Reply warm = api.get(path("/products/" + id), tenant.key());
    Reply suggestions = api.get(path("/suggestions?query=sukari"), tenant.key());

    assertThat(cold.queryCount()).isEqualTo(1);
    assertThat(warm.queryCount()).isZero();
    assertThat(suggestions.queryCount()).isEqualTo(1);
    assertThat(suggestions.text("priority")).isEqualTo("high");
    assertThat(titles(suggestions.body().path("products"))).first().asString().startsWith("Sukari");
    assertThat(suggestions.body().path("totalAvailable").path("products").asLong())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void servicesSyncAndSuggestions() {
    Reply synced =
        put(
            "/services",
            """
            {"services": [{"externalSource": "booking", "externalId": "s1", "title": "Kusuka nywele (box braids)",
              "basePrice": "2500.00", "currency": "KES", "requiresSlot": true,
              "variants": [{"title": "Long", "durationMinutes": 240, "price": "4000.00"}]}]}""");
    Reply found = api.get(path("/services?query=kusuka"), tenant.key());
    Reply suggestions = api.get(path("/suggestions?query=nataka+kusuka+nywele"), tenant.key());

    assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
    assertThat(titles(found.body().path("services"))).containsExactly("Kusuka nywele (box braids)");
    assertThat(
            found
                .body()
                .path("services")
                .get(0)
                .path("variants")
                .get(0)
                .path("durationMinutes")
                .asInt())
        .isEqualTo(240);
    assertThat(titles(suggestions.body().path("services"))).contains("Kusuka nywele (box braids)");
  }

  @Test
  void deletesAndIsolatesTenants() {
    String id = put("/products", PRODUCTS).body().path("ids").get(1).asText();
    TestApp.TenantKey other = app().newTenant();

    assertThat(
            api.get("/v1/tenants/" + other.id() + "/catalog/products/" + id, other.key()).status())
        .isEqualTo(404);
    assertThat(
            api.delete("/v1/tenants/" + other.id() + "/catalog/products/" + id, other.key())
                .status())
        .isEqualTo(404);
    assertThat(api.delete(path("/products/" + id), tenant.key()).status()).isEqualTo(204);
    assertThat(api.get(path("/products/" + id), tenant.key()).status()).isEqualTo(404);
    assertThat(api.get(path("/products/" + UUID.randomUUID()), tenant.key()).status())
        .isEqualTo(404);
  }

  @Test
  void refusesBadCatalogInputNamingTheField() {
    String tooMany =
        IntStream.range(0, 1_001)
            .mapToObj(i -> "{\"title\":\"t\",\"price\":\"1.00\",\"currency\":\"KES\"}")
            .collect(Collectors.joining(",", "{\"products\":[", "]}"));

    assertError(
        put(
            "/products",
            "{\"products\":[{\"title\":\"x\",\"price\":\"abc\",\"currency\":\"KES\"}]}"),
        422,
        "products[0].price");
    assertError(
        put(
            "/products",
            "{\"products\":[{\"title\":\"x\",\"price\":\"-1\",\"currency\":\"KES\"}]}"),
        422,
        "products[0].price");
    assertError(
        put(
            "/products",
            "{\"products\":[{\"title\":\"x\",\"price\":\"1.00\",\"currency\":\"shillings\"}]}"),
        422,
        "currency");
    assertError(
        put("/products", "{\"products\":[{\"price\":\"1.00\",\"currency\":\"KES\"}]}"),
        422,
        "products[0].title");
    assertError(
        put(
            "/products",
            "{\"products\":[{\"title\":\"x\",\"price\":\"1.00\",\"currency\":\"KES\",\"stock\":-1}]}"),
        422,
        "stock");
    assertError(
        put(
            "/products",
            "{\"products\":[{\"title\":\"x\",\"price\":\"1.00\",\"currency\":\"KES\",\"externalId\":\"1\"}]}"),
        422,
        "externalSource");
    assertError(put("/products", tooMany), 422, "1 to 1000");
    assertError(put("/products", "{\"products\":[]}"), 422, "1 to 1000");
    assertError(
        put(
            "/services",
            "{\"services\":[{\"title\":\"x\",\"basePrice\":\"1.00\",\"currency\":\"KES\",\"variants\":[{\"title\":\"v\",\"durationMinutes\":0,\"price\":\"1.00\"}]}]}"),
        422,
        "durationMinutes");
    assertError(api.get(path("/products?limit=0"), tenant.key()), 400, "limit");
    assertError(api.get(path("/products?inStock=yes"), tenant.key()), 400, "inStock");
    assertError(api.get(path("/products?cursor=junk"), tenant.key()), 400, "cursor");
    assertError(api.get(path("/suggestions?limit=50"), tenant.key()), 400, "limit");
  }

  private void assertError(Reply reply, int status, String fragment) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.text("message")).contains(fragment);
  }
}
