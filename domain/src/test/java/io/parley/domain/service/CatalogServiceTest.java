package io.parley.domain.service;

import static io.parley.domain.contract.CatalogStoreContractTest.product;
import static io.parley.domain.contract.CatalogStoreContractTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.fakes.InMemoryCatalog;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.CreateTenantUseCase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog's rules for both kinds, against the in-memory catalog. */
class CatalogServiceTest {
  private final InMemoryTenants tenants = new InMemoryTenants();
  private final Clock clock =
      Clock.fixed(Instant.parse("2026-12-06T10:00:00.123456789Z"), ZoneOffset.UTC);
  private final InMemoryCatalog store = new InMemoryCatalog(tenants);
  private final CatalogService catalog = new CatalogService(store, clock);
  private TenantId tenant;

  @BeforeEach
  void createTenant() {
    tenant =
        new TenantService(tenants, tenants, Clock.systemUTC())
            .create(new CreateTenantUseCase.Command("Shop", "shop"))
            .tenant()
            .id();
  }

  private static ProductDraft priced(String title, String price, String currency) {
    ProductDraft p = product(null, title, null, true);
    return new ProductDraft(
        null,
        null,
        null,
        title,
        null,
        price == null ? null : new BigDecimal(price),
        currency,
        null,
        p.stock(),
        true,
        List.of(),
        "{}",
        List.of());
  }

  /**
   * A product of {@code title} with these attributes and variants, priced like {@link #product}.
   */
  private static ProductDraft withJson(
      String title, String attributesJson, List<Product.Variant> variants) {
    ProductDraft p = product(null, title, 1, true);
    return new ProductDraft(
        null,
        null,
        null,
        title,
        null,
        p.price(),
        p.currency(),
        null,
        1,
        true,
        List.of(),
        attributesJson,
        variants);
  }

  @Test
  void anUpsertIsStoredAtTheClockToTheMicrosecondAndReadBackByKind() {
    List<UUID> ids =
        catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(product("a", "Nike", 3, true)));
    List<UUID> services =
        catalog.upsert(tenant, CatalogKind.SERVICES, List.of(service("s", "Manicure")));

    Product stored = catalog.item(tenant, CatalogKind.PRODUCTS, ids.get(0));
    assertThat(stored.title()).isEqualTo("Nike");
    assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00.123456Z"));
    ShopService booked = catalog.item(tenant, CatalogKind.SERVICES, services.get(0));
    assertThat(booked.title()).isEqualTo("Manicure");
    assertThat(catalog.list(tenant, CatalogKind.SERVICES, new CatalogQuery(null, false, 5, null)))
        .satisfies(
            page ->
                assertThat(page.items())
                    .extracting(ShopService::title)
                    .containsExactly("Manicure"));
  }

  @Test
  void anItemOfTheOtherKindOrTenantIsNotFoundNamingTheKind() {
    UUID id =
        catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(product("a", "Nike", 3, true))).get(0);

    assertThatThrownBy(() -> catalog.item(tenant, CatalogKind.SERVICES, id))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("service not found");
    assertThatThrownBy(() -> catalog.delete(tenant, CatalogKind.SERVICES, id))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("service not found");
    catalog.delete(tenant, CatalogKind.PRODUCTS, id);
    assertThatThrownBy(() -> catalog.item(tenant, CatalogKind.PRODUCTS, id))
        .hasMessage("product not found");
  }

  @Test
  void aBatchHoldsOneToAThousandItemsNamedByTheKind() {
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.SERVICES, List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("services must hold 1 to 1000 items");
    List<ProductDraft> tooMany =
        Collections.nCopies(CatalogService.MAX_BATCH + 1, product(null, "X", null, true));
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.PRODUCTS, tooMany))
        .hasMessage("products must hold 1 to 1000 items");
  }

  @Test
  void whatEveryKindHasIsCheckedAtTheItemsPosition() {
    assertThatThrownBy(
            () ->
                catalog.upsert(
                    tenant,
                    CatalogKind.PRODUCTS,
                    List.of(product("a", "Fine", null, true), product("b", " ", null, true))))
        .hasMessage("products[1].title is required");
    ServiceDraft halfKeyed =
        new ServiceDraft(
            null,
            "booking",
            null,
            "Braids",
            null,
            BigDecimal.TEN,
            "KES",
            false,
            true,
            "{}",
            List.of());
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.SERVICES, List.of(halfKeyed)))
        .hasMessage("services[0] needs both externalSource and externalId, or neither");
    assertThatThrownBy(
            () ->
                catalog.upsert(
                    tenant,
                    CatalogKind.SERVICES,
                    List.of(service("same", "One"), service("same", "Two"))))
        .hasMessage("services[1].externalId appears twice in this request");
    // one id given twice (a review saw its variants collide in the store: a 404 "tenant not found")
    io.parley.domain.model.ProductId id =
        new io.parley.domain.model.ProductId(java.util.UUID.randomUUID());
    ProductDraft first = product(null, "One", 1, true);
    ProductDraft withId =
        new ProductDraft(
            id,
            null,
            null,
            first.title(),
            first.description(),
            first.price(),
            first.currency(),
            first.sku(),
            first.stock(),
            first.active(),
            first.images(),
            first.attributesJson(),
            first.variants());
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(withId, withId)))
        .hasMessage("products[1].id appears twice in this request");
    // a NUL in attributes or a variant's sku: 422 naming the field (a review saw "SQLSTATE 22P05")
    ProductDraft nulAttributes = withJson("Nul", "{\"c\":\"a\\u0000b\"}", List.of());
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(nulAttributes)))
        .hasMessage("products[0].attributes must not contain NUL characters");
    ProductDraft escapedBackslash = withJson("Backslash", "{\"c\":\"a\\\\u0000b\"}", List.of());
    assertThat(catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(escapedBackslash)))
        .as("a backslash before the letters u0000 is no NUL")
        .hasSize(1);
    ProductDraft nulSku =
        withJson("Sku", "{}", List.of(new Product.Variant("v", "a\u0000b", null, 1, "{}")));
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(nulSku)))
        .hasMessage("products[0].variants[].sku must not contain NUL characters");
  }

  @Test
  void eachKindsOwnFieldsAreCheckedByTheirNames() {
    assertThatThrownBy(
            () ->
                catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(priced("Shoe", null, "KES"))))
        .hasMessage("products[0].price is required");
    assertThatThrownBy(
            () ->
                catalog.upsert(
                    tenant, CatalogKind.PRODUCTS, List.of(priced("Shoe", "1.234", "KES"))))
        .hasMessage("products[0].price must be a non-negative amount with at most 2 decimals");
    assertThatThrownBy(
            () ->
                catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(priced("Shoe", "10", "kes"))))
        .hasMessage("products[0].currency must be a 3-letter ISO 4217 code such as KES");
    ServiceDraft noPrice =
        new ServiceDraft(
            null, null, null, "Braids", null, null, "KES", false, true, "{}", List.of());
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.SERVICES, List.of(noPrice)))
        .hasMessage("services[0].basePrice is required");
    ServiceDraft instant =
        new ServiceDraft(
            null,
            null,
            null,
            "Braids",
            null,
            BigDecimal.TEN,
            "KES",
            true,
            true,
            "{}",
            List.of(new ShopService.Variant("Quick", 0, BigDecimal.ONE)));
    assertThatThrownBy(() -> catalog.upsert(tenant, CatalogKind.SERVICES, List.of(instant)))
        .hasMessage("services[0].variants[].durationMinutes must be greater than 0");
    assertThat(
            catalog
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 5, null))
                .items())
        .as("nothing of a refused batch is stored")
        .isEmpty();
  }

  @Test
  void aSearchTextLongerThan200CharactersIsRefused() {
    CatalogQuery query = new CatalogQuery("x".repeat(201), false, 5, null);
    assertThatThrownBy(() -> catalog.list(tenant, CatalogKind.PRODUCTS, query))
        .hasMessage("query must be at most 200 characters");
    assertThatThrownBy(() -> catalog.suggest(tenant, "x".repeat(201), 5))
        .hasMessage("query must be at most 200 characters");
  }

  @Test
  void suggestionsWithoutTextAreTheNewestInStockAndWarmUpReadsTheRecentlyChangedTenants() {
    catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(product("a", "Sold out", 0, true)));
    catalog.upsert(tenant, CatalogKind.PRODUCTS, List.of(product("b", "Phone case", 5, true)));

    Suggestions opening = catalog.suggest(tenant, null, 5);
    Suggestions missed = catalog.suggest(tenant, "tractor", 5);

    assertThat(opening.priority()).isEqualTo(Suggestions.Priority.HIGH);
    assertThat(opening.products())
        .extracting(Product::title)
        .containsExactly("Phone case", "Sold out");
    assertThat(missed.priority()).isEqualTo(Suggestions.Priority.LOW);
    assertThat(catalog.warmUp(10, 5)).isEqualTo(1);
  }
}
