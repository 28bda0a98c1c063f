package io.parley.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.contract.CatalogStoreContractTest;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The suggestion priority rule, once, for every store. */
class SuggestionsTest {
  private static final Product IN_STOCK = product("Phone case", 5);
  private static final Product SOLD_OUT = product("Sold out shoes", 0);
  private static final ShopService MANICURE = service("Manicure");

  @Test
  void withoutTextInStockProductsComeFirstAndMakeItHigh() {
    Suggestions chosen =
        Suggestions.choose(candidates(List.of(), List.of(IN_STOCK), List.of(SOLD_OUT)), false, 5);

    assertThat(chosen.priority()).isEqualTo(Suggestions.Priority.HIGH);
    assertThat(chosen.products()).containsExactly(IN_STOCK, SOLD_OUT);
    assertThat(chosen.services()).containsExactly(MANICURE);
    assertThat(chosen.totalProducts()).isEqualTo(2);
  }

  @Test
  void nothingInStockIsMedium() {
    Suggestions chosen =
        Suggestions.choose(candidates(List.of(), List.of(), List.of(SOLD_OUT)), false, 5);

    assertThat(chosen.priority()).isEqualTo(Suggestions.Priority.MEDIUM);
    assertThat(chosen.products()).containsExactly(SOLD_OUT);
  }

  @Test
  void aTextThatMatchedShowsTheMatchesOnly() {
    Suggestions chosen =
        Suggestions.choose(candidates(List.of(SOLD_OUT), List.of(IN_STOCK), List.of()), true, 5);

    assertThat(chosen.priority()).isEqualTo(Suggestions.Priority.HIGH);
    assertThat(chosen.products()).containsExactly(SOLD_OUT);
    assertThat(chosen.services()).isEmpty();
  }

  @Test
  void aTextThatMatchedNothingFallsBackLowWithinTheLimit() {
    Suggestions chosen =
        Suggestions.choose(candidates(List.of(), List.of(IN_STOCK), List.of(SOLD_OUT)), true, 1);

    assertThat(chosen.priority()).isEqualTo(Suggestions.Priority.LOW);
    assertThat(chosen.products()).containsExactly(IN_STOCK);
  }

  private static SuggestionCandidates candidates(
      List<Product> matched, List<Product> inStock, List<Product> outOfStock) {
    return new SuggestionCandidates(
        matched, List.of(), inStock, outOfStock, List.of(MANICURE), 2, 1);
  }

  private static Product product(String title, int stock) {
    var d = CatalogStoreContractTest.product(null, title, stock, true);
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    return new Product(
        new ProductId(UUID.randomUUID()),
        null,
        null,
        d.title(),
        d.description(),
        d.price(),
        d.currency(),
        null,
        d.stock(),
        true,
        List.of(),
        "{}",
        List.of(),
        now,
        now);
  }

  private static ShopService service(String title) {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    var d = CatalogStoreContractTest.service("s", title);
    return new ShopService(
        new ServiceId(UUID.randomUUID()),
        null,
        null,
        d.title(),
        null,
        d.basePrice(),
        "KES",
        true,
        true,
        "{}",
        d.variants(),
        now,
        now);
  }
}
