package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.SuggestionCandidates;
import io.parley.domain.model.Ids;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every CatalogStore must do; search quality itself is tested on PostgreSQL alone. */
public abstract class CatalogStoreContractTest {
  protected abstract Stores stores();

  protected abstract CatalogStore catalog(Stores stores);

  private Stores stores;
  private CatalogStore catalog;
  private TenantId tenant;
  private Instant clock = Instant.parse("2026-11-27T10:00:00Z");

  @BeforeEach
  void setUp() {
    stores = stores();
    catalog = catalog(stores);
    tenant = stores.newTenant();
  }

  private Instant tick() {
    clock = clock.plusSeconds(1);
    return clock;
  }

  public static ProductDraft product(
      String externalId, String title, Integer stock, boolean active) {
    return new ProductDraft(
        null,
        externalId == null ? null : "shopify",
        externalId,
        title,
        "A fine " + title,
        new BigDecimal("4500.00"),
        "KES",
        null,
        stock,
        active,
        List.of(),
        "{\"colour\":\"red\"}",
        List.of(new Product.Variant("Size 42", "S42", null, 2, "{\"size\":\"42\"}")));
  }

  public static ServiceDraft service(String externalId, String title) {
    return new ServiceDraft(
        null,
        "booking",
        externalId,
        title,
        null,
        new BigDecimal("1500.00"),
        "KES",
        true,
        true,
        "{}",
        List.of(new ShopService.Variant("Standard", 90, new BigDecimal("1500.00"))));
  }

  @Test
  void upsertingTheSameExternalIdsTwiceKeepsTheIdsAndAddsNothing() {
    var first =
        catalog.upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(
                product("a", "Nike Sneakers", 3, true), product("b", "Puma Slides", null, true)),
            tick());
    var again =
        catalog.upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(
                product("b", "Puma Slides Black", 1, true), product("a", "Nike Sneakers", 3, true)),
            tick());

    assertThat(again).containsExactly(first.get(1), first.get(0));
    assertThat(
            catalog
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 10, null))
                .items())
        .hasSize(2);
    Product updated = catalog.item(tenant, CatalogKind.PRODUCTS, first.get(1)).orElseThrow();
    assertThat(updated.title()).isEqualTo("Puma Slides Black");
    assertThat(updated.stock()).isEqualTo(1);
    assertThat(updated.price()).isEqualByComparingTo("4500.00");
    assertThat(updated.variants()).extracting(Product.Variant::title).containsExactly("Size 42");
  }

  @Test
  void aDeletedItemIsGoneFromReadsAndListings() {
    UUID written =
        catalog
            .upsert(
                tenant,
                CatalogKind.PRODUCTS,
                List.of(product(null, "Unga 2kg", null, true)),
                tick())
            .get(0);
    assertThat(catalog.item(tenant, CatalogKind.PRODUCTS, written)).isPresent();

    assertThat(catalog.delete(tenant, CatalogKind.PRODUCTS, written)).isTrue();

    assertThat(catalog.item(tenant, CatalogKind.PRODUCTS, written)).isEmpty();
    assertThat(
            catalog
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 5, null))
                .items())
        .isEmpty();
    assertThat(catalog.delete(tenant, CatalogKind.PRODUCTS, written)).isFalse();
  }

  @Test
  void listsActiveItemsNewestFirstInPagesAndFiltersStock() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.addAll(
          catalog.upsert(
              tenant,
              CatalogKind.PRODUCTS,
              List.of(product("p" + i, "Item " + i, i == 2 ? 0 : null, i != 4)),
              tick()));
    }
    CatalogPage<Product> first =
        catalog.list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 2, null));
    CatalogPage<Product> second =
        catalog.list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 2, first.next()));
    CatalogPage<Product> inStock =
        catalog.list(tenant, CatalogKind.PRODUCTS, new CatalogQuery(null, true, 10, null));

    assertThat(first.items())
        .extracting(p -> p.id().value())
        .containsExactly(ids.get(3), ids.get(2));
    assertThat(second.items())
        .extracting(p -> p.id().value())
        .containsExactly(ids.get(1), ids.get(0));
    assertThat(second.next()).isNull();
    assertThat(inStock.items())
        .extracting(p -> p.id().value())
        .containsExactly(ids.get(3), ids.get(1), ids.get(0));
  }

  @Test
  void findsItemsByAWordOfTheirTitle() {
    catalog.upsert(
        tenant,
        CatalogKind.PRODUCTS,
        List.of(
            product("a", "Nike Sneakers Red", null, true), product("b", "Sukari 2kg", null, true)),
        tick());
    catalog.upsert(tenant, CatalogKind.SERVICES, List.of(service("s", "Kusuka nywele")), tick());

    assertThat(
            catalog
                .list(tenant, CatalogKind.PRODUCTS, new CatalogQuery("sukari", false, 10, null))
                .items())
        .extracting(Product::title)
        .containsExactly("Sukari 2kg");
    assertThat(
            catalog
                .list(tenant, CatalogKind.SERVICES, new CatalogQuery("kusuka", false, 10, null))
                .items())
        .extracting(ShopService::title)
        .containsExactly("Kusuka nywele");
  }

  @Test
  void anotherTenantSeesNothingAndAnUnknownTenantCannotWrite() {
    var ids =
        catalog.upsert(
            tenant,
            CatalogKind.PRODUCTS,
            List.of(product("a", "Nike Sneakers", null, true)),
            tick());
    TenantId other = stores.newTenant();

    assertThat(catalog.item(other, CatalogKind.PRODUCTS, ids.get(0))).isEmpty();
    assertThat(
            catalog
                .list(other, CatalogKind.PRODUCTS, new CatalogQuery(null, false, 10, null))
                .items())
        .isEmpty();
    assertThat(catalog.suggestionCandidates(other, null, 5).newestInStock()).isEmpty();
    assertThat(catalog.delete(other, CatalogKind.PRODUCTS, ids.get(0))).isFalse();
    assertThat(catalog.item(tenant, CatalogKind.PRODUCTS, ids.get(0))).isPresent();
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));
    assertThatThrownBy(
            () ->
                catalog.upsert(
                    unknown, CatalogKind.PRODUCTS, List.of(product("a", "X", null, true)), tick()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void servicesKeepTheirVariantsAndCanBeDeleted() {
    var ids =
        catalog.upsert(tenant, CatalogKind.SERVICES, List.of(service("s1", "Box braids")), tick());

    ShopService stored = catalog.item(tenant, CatalogKind.SERVICES, ids.get(0)).orElseThrow();
    assertThat(stored.requiresSlot()).isTrue();
    assertThat(stored.variants())
        .singleElement()
        .satisfies(v -> assertThat(v.durationMinutes()).isEqualTo(90));
    assertThat(catalog.delete(tenant, CatalogKind.SERVICES, ids.get(0))).isTrue();
    assertThat(catalog.item(tenant, CatalogKind.SERVICES, ids.get(0))).isEmpty();
  }

  @Test
  void suggestionCandidatesSplitStockAndMatchTheText() {
    catalog.upsert(
        tenant, CatalogKind.PRODUCTS, List.of(product("a", "Sold out shoes", 0, true)), tick());
    catalog.upsert(
        tenant, CatalogKind.PRODUCTS, List.of(product("b", "Phone case", 5, true)), tick());
    catalog.upsert(
        tenant, CatalogKind.PRODUCTS, List.of(product("c", "Unlimited phone", null, true)), tick());
    catalog.upsert(tenant, CatalogKind.SERVICES, List.of(service("s", "Manicure")), tick());

    SuggestionCandidates none = catalog.suggestionCandidates(tenant, null, 5);
    SuggestionCandidates matched = catalog.suggestionCandidates(tenant, "manicure", 5);
    SuggestionCandidates missed = catalog.suggestionCandidates(tenant, "tractor", 1);

    assertThat(none.newestInStock())
        .extracting(Product::title)
        .containsExactly("Unlimited phone", "Phone case");
    assertThat(none.newestOutOfStock())
        .extracting(Product::title)
        .containsExactly("Sold out shoes");
    assertThat(none.newestServices()).extracting(ShopService::title).containsExactly("Manicure");
    assertThat(none.matched()).isFalse();
    assertThat(none.activeProducts()).isEqualTo(3);
    assertThat(none.activeServices()).isEqualTo(1);
    assertThat(matched.matchedServices())
        .extracting(ShopService::title)
        .containsExactly("Manicure");
    assertThat(matched.matchedProducts()).isEmpty();
    assertThat(missed.matched()).isFalse();
    assertThat(missed.newestInStock())
        .extracting(Product::title)
        .containsExactly("Unlimited phone");
  }
}
