package io.parley.domain.service;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Texts;
import io.parley.domain.port.in.BrowseCatalogUseCase;
import io.parley.domain.port.in.ManageCatalogUseCase;
import io.parley.domain.port.in.SuggestCatalogUseCase;
import io.parley.domain.port.out.CatalogStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validates catalog syncs and serves catalog reads. */
public final class CatalogService
    implements ManageCatalogUseCase, BrowseCatalogUseCase, SuggestCatalogUseCase {
  public static final int MAX_BATCH = 1_000;
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final int MAX_QUERY = 200;

  private final CatalogStore store;
  private final Clock clock;

  public CatalogService(CatalogStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public List<UUID> upsertProducts(TenantId tenant, List<ProductDraft> products) {
    requireBatch("products", products);
    Set<String> externalKeys = new HashSet<>();
    for (int i = 0; i < products.size(); i++) {
      ProductDraft p = products.get(i);
      String at = "products[" + i + "]";
      requireItem(at, p.title(), p.description(), p.externalSource(), p.externalId(), externalKeys);
      requirePrice(at + ".price", p.price(), true);
      requireCurrency(at + ".currency", p.currency());
      Texts.requireOptional(at + ".sku", p.sku(), 100);
      requireStock(at + ".stock", p.stock());
      if (p.images().size() > 20) {
        throw new InvalidInputException(at + ".images", "must have at most 20 entries");
      }
      p.images().forEach(image -> Texts.require(at + ".images[]", image, 2_000));
      requireVariants(at, p.variants().size());
      for (Product.Variant v : p.variants()) {
        Texts.require(at + ".variants[].title", v.title(), 300);
        requirePrice(at + ".variants[].price", v.price(), false);
        requireStock(at + ".variants[].stock", v.stock());
      }
    }
    return store.upsertProducts(tenant, products, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public List<UUID> upsertServices(TenantId tenant, List<ServiceDraft> services) {
    requireBatch("services", services);
    Set<String> externalKeys = new HashSet<>();
    for (int i = 0; i < services.size(); i++) {
      ServiceDraft s = services.get(i);
      String at = "services[" + i + "]";
      requireItem(at, s.title(), s.description(), s.externalSource(), s.externalId(), externalKeys);
      requirePrice(at + ".basePrice", s.basePrice(), true);
      requireCurrency(at + ".currency", s.currency());
      requireVariants(at, s.variants().size());
      for (ShopService.Variant v : s.variants()) {
        Texts.require(at + ".variants[].title", v.title(), 300);
        if (v.durationMinutes() <= 0) {
          throw new InvalidInputException(
              at + ".variants[].durationMinutes", "must be greater than 0");
        }
        requirePrice(at + ".variants[].price", v.price(), true);
      }
    }
    return store.upsertServices(tenant, services, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public void deleteProduct(TenantId tenant, ProductId id) {
    if (!store.deleteProduct(tenant, id)) {
      throw new NotFoundException("product");
    }
  }

  @Override
  public void deleteService(TenantId tenant, ServiceId id) {
    if (!store.deleteService(tenant, id)) {
      throw new NotFoundException("service");
    }
  }

  @Override
  public Product product(TenantId tenant, ProductId id) {
    return store.product(tenant, id).orElseThrow(() -> new NotFoundException("product"));
  }

  @Override
  public ShopService service(TenantId tenant, ServiceId id) {
    return store.service(tenant, id).orElseThrow(() -> new NotFoundException("service"));
  }

  @Override
  public CatalogPage<Product> products(TenantId tenant, CatalogQuery query) {
    Texts.requireOptional("query", query.text(), MAX_QUERY);
    return store.products(tenant, query);
  }

  @Override
  public CatalogPage<ShopService> services(TenantId tenant, CatalogQuery query) {
    Texts.requireOptional("query", query.text(), MAX_QUERY);
    return store.services(tenant, query);
  }

  @Override
  public Suggestions suggest(TenantId tenant, String text, int limit) {
    Texts.requireOptional("query", text, MAX_QUERY);
    boolean hasText = text != null && !text.isBlank();
    return Suggestions.choose(store.suggestionCandidates(tenant, text, limit), hasText, limit);
  }

  @Override
  public int warmUp(int tenants, int limit) {
    List<TenantId> recent = store.recentlyChangedTenants(tenants);
    recent.forEach(tenant -> store.suggestionCandidates(tenant, null, limit));
    return recent.size();
  }

  private static void requireBatch(String field, List<?> items) {
    if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
      throw new InvalidInputException(field, "must hold 1 to " + MAX_BATCH + " items");
    }
  }

  private static void requireItem(
      String at,
      String title,
      String description,
      String source,
      String externalId,
      Set<String> seen) {
    Texts.require(at + ".title", title, 300);
    Texts.requireOptional(at + ".description", description, 5_000);
    Texts.requireOptional(at + ".externalSource", source, 100);
    Texts.requireOptional(at + ".externalId", externalId, 200);
    if ((source == null) != (externalId == null)) {
      throw new InvalidInputException(at, "needs both externalSource and externalId, or neither");
    }
    if (source != null && !seen.add(source + "\u0000" + externalId)) {
      throw new InvalidInputException(at + ".externalId", "appears twice in this request");
    }
  }

  private static void requirePrice(String field, BigDecimal price, boolean required) {
    if (price == null) {
      if (required) {
        throw new InvalidInputException(field, "is required");
      }
      return;
    }
    if (price.signum() < 0
        || price.scale() > 2
        || price.compareTo(new BigDecimal("1000000000")) >= 0) {
      throw new InvalidInputException(
          field, "must be a non-negative amount with at most 2 decimals");
    }
  }

  private static void requireCurrency(String field, String currency) {
    if (currency == null || !CURRENCY.matcher(currency).matches()) {
      throw new InvalidInputException(field, "must be a 3-letter ISO 4217 code such as KES");
    }
  }

  private static void requireStock(String field, Integer stock) {
    if (stock != null && stock < 0) {
      throw new InvalidInputException(field, "must be 0 or more (null: unlimited)");
    }
  }

  private static void requireVariants(String at, int count) {
    if (count > 100) {
      throw new InvalidInputException(at + ".variants", "must have at most 100 entries");
    }
  }
}
