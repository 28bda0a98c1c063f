package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.Ids;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
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
        catalog.upsertProducts(
            tenant,
            List.of(
                product("a", "Nike Sneakers", 3, true), product("b", "Puma Slides", null, true)),
            tick());
    var again =
        catalog.upsertProducts(
            tenant,
            List.of(
                product("b", "Puma Slides Black", 1, true), product("a", "Nike Sneakers", 3, true)),
            tick());

    assertThat(again.value()).containsExactly(first.value().get(1), first.value().get(0));
    assertThat(again.version()).isGreaterThan(first.version());
    assertThat(catalog.products(tenant, new CatalogQuery(null, false, 10, null)).value().items())
        .hasSize(2);
    Product updated = catalog.product(tenant, new ProductId(first.value().get(1))).value();
    assertThat(updated.title()).isEqualTo("Puma Slides Black");
    assertThat(updated.stock()).isEqualTo(1);
    assertThat(updated.price()).isEqualByComparingTo("4500.00");
    assertThat(updated.variants()).extracting(Product.Variant::title).containsExactly("Size 42");
  }

  @Test
  void everyWriteMovesTheVersionAndReadsReportIt() {
    long before = catalog.products(tenant, new CatalogQuery(null, false, 5, null)).version();
    var written =
        catalog.upsertProducts(tenant, List.of(product(null, "Unga 2kg", null, true)), tick());
    var deleted = catalog.deleteProduct(tenant, new ProductId(written.value().get(0)));

    assertThat(written.version()).isGreaterThan(before);
    assertThat(deleted.value()).isTrue();
    assertThat(deleted.version()).isGreaterThan(written.version());
    assertThat(catalog.product(tenant, new ProductId(written.value().get(0))).version())
        .isEqualTo(deleted.version());
    assertThat(catalog.product(tenant, new ProductId(written.value().get(0))).value()).isNull();
    assertThat(catalog.deleteProduct(tenant, new ProductId(written.value().get(0))).value())
        .isFalse();
  }

  @Test
  void listsActiveItemsNewestFirstInPagesAndFiltersStock() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.addAll(
          catalog
              .upsertProducts(
                  tenant, List.of(product("p" + i, "Item " + i, i == 2 ? 0 : null, i != 4)), tick())
              .value());
    }
    CatalogPage<Product> first =
        catalog.products(tenant, new CatalogQuery(null, false, 2, null)).value();
    CatalogPage<Product> second =
        catalog.products(tenant, new CatalogQuery(null, false, 2, first.next())).value();
    CatalogPage<Product> inStock =
        catalog.products(tenant, new CatalogQuery(null, true, 10, null)).value();

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
    catalog.upsertProducts(
        tenant,
        List.of(
            product("a", "Nike Sneakers Red", null, true), product("b", "Sukari 2kg", null, true)),
        tick());
    catalog.upsertServices(tenant, List.of(service("s", "Kusuka nywele")), tick());

    assertThat(
            catalog.products(tenant, new CatalogQuery("sukari", false, 10, null)).value().items())
        .extracting(Product::title)
        .containsExactly("Sukari 2kg");
    assertThat(
            catalog.services(tenant, new CatalogQuery("kusuka", false, 10, null)).value().items())
        .extracting(ShopService::title)
        .containsExactly("Kusuka nywele");
  }

  @Test
  void anotherTenantSeesNothingAndAnUnknownTenantCannotWrite() {
    var ids =
        catalog
            .upsertProducts(tenant, List.of(product("a", "Nike Sneakers", null, true)), tick())
            .value();
    TenantId other = stores.newTenant();

    assertThat(catalog.product(other, new ProductId(ids.get(0))).value()).isNull();
    assertThat(catalog.products(other, new CatalogQuery(null, false, 10, null)).value().items())
        .isEmpty();
    assertThat(catalog.deleteProduct(other, new ProductId(ids.get(0))).value()).isFalse();
    assertThat(catalog.product(tenant, new ProductId(ids.get(0))).value()).isNotNull();
    TenantId unknown = new TenantId(Ids.next(Clock.systemUTC()));
    assertThatThrownBy(
            () -> catalog.upsertProducts(unknown, List.of(product("a", "X", null, true)), tick()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void servicesKeepTheirVariantsAndCanBeDeleted() {
    var ids = catalog.upsertServices(tenant, List.of(service("s1", "Box braids")), tick()).value();

    ShopService stored = catalog.service(tenant, new ServiceId(ids.get(0))).value();
    assertThat(stored.requiresSlot()).isTrue();
    assertThat(stored.variants())
        .singleElement()
        .satisfies(v -> assertThat(v.durationMinutes()).isEqualTo(90));
    assertThat(catalog.deleteService(tenant, new ServiceId(ids.get(0))).value()).isTrue();
    assertThat(catalog.service(tenant, new ServiceId(ids.get(0))).value()).isNull();
  }

  @Test
  void suggestsInStockProductsFirstAndFallsBackWhenNothingMatches() {
    catalog.upsertProducts(tenant, List.of(product("a", "Sold out shoes", 0, true)), tick());
    catalog.upsertProducts(tenant, List.of(product("b", "Phone case", 5, true)), tick());
    catalog.upsertServices(tenant, List.of(service("s", "Manicure")), tick());

    Suggestions none = catalog.suggestions(tenant, null, 5).value();
    Suggestions matched = catalog.suggestions(tenant, "manicure", 5).value();
    Suggestions missed = catalog.suggestions(tenant, "tractor", 5).value();

    assertThat(none.priority()).isEqualTo(Suggestions.Priority.HIGH);
    assertThat(none.products())
        .extracting(Product::title)
        .containsExactly("Phone case", "Sold out shoes");
    assertThat(none.totalProducts()).isEqualTo(2);
    assertThat(none.totalServices()).isEqualTo(1);
    assertThat(matched.priority()).isEqualTo(Suggestions.Priority.HIGH);
    assertThat(matched.services()).extracting(ShopService::title).containsExactly("Manicure");
    assertThat(matched.products()).isEmpty();
    assertThat(missed.priority()).isEqualTo(Suggestions.Priority.LOW);
    assertThat(missed.products()).hasSize(2);
  }
}
