package io.parley.domain.fakes;

import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.catalog.Versioned;
import io.parley.domain.model.Ids;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.CatalogStore;
import io.parley.domain.port.out.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory catalog with the PostgreSQL adapter's contract. Search here is plain: an item
 * matches when its title holds every word of the text (no stemming, no typo tolerance).
 */
public final class InMemoryCatalog implements CatalogStore {
  private final TenantStore tenants;
  private final Map<TenantId, Long> versions = new HashMap<>();
  private final Map<TenantId, Map<UUID, Product>> products = new HashMap<>();
  private final Map<TenantId, Map<UUID, ShopService>> services = new HashMap<>();

  public InMemoryCatalog(TenantStore tenants) {
    this.tenants = tenants;
  }

  private long bump(TenantId tenant) {
    if (tenants.find(tenant).isEmpty()) {
      throw new NotFoundException("tenant");
    }
    return versions.merge(tenant, 1L, Long::sum);
  }

  private long version(TenantId tenant) {
    return versions.getOrDefault(tenant, 0L);
  }

  @Override
  public synchronized Versioned<List<UUID>> upsertProducts(
      TenantId tenant, List<ProductDraft> drafts, Instant now) {
    long version = bump(tenant);
    Map<UUID, Product> stored = products.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    List<UUID> ids = new ArrayList<>();
    for (ProductDraft d : drafts) {
      UUID id =
          d.id() != null
              ? d.id().value()
              : byExternal(
                  stored.values(),
                  d.externalSource(),
                  d.externalId(),
                  p -> p.externalSource(),
                  p -> p.externalId(),
                  p -> p.id().value());
      Product old = id == null ? null : stored.get(id);
      UUID finalId = id == null ? Ids.next(Clock.systemUTC()) : id;
      stored.put(
          finalId,
          new Product(
              new ProductId(finalId),
              d.externalSource(),
              d.externalId(),
              d.title(),
              d.description(),
              d.price(),
              d.currency(),
              d.sku(),
              d.stock(),
              d.active(),
              d.images(),
              d.attributesJson(),
              d.variants(),
              old == null ? now : old.createdAt(),
              now));
      ids.add(finalId);
    }
    return new Versioned<>(version, ids);
  }

  @Override
  public synchronized Versioned<List<UUID>> upsertServices(
      TenantId tenant, List<ServiceDraft> drafts, Instant now) {
    long version = bump(tenant);
    Map<UUID, ShopService> stored = services.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    List<UUID> ids = new ArrayList<>();
    for (ServiceDraft d : drafts) {
      UUID id =
          d.id() != null
              ? d.id().value()
              : byExternal(
                  stored.values(),
                  d.externalSource(),
                  d.externalId(),
                  s -> s.externalSource(),
                  s -> s.externalId(),
                  s -> s.id().value());
      ShopService old = id == null ? null : stored.get(id);
      UUID finalId = id == null ? Ids.next(Clock.systemUTC()) : id;
      stored.put(
          finalId,
          new ShopService(
              new ServiceId(finalId),
              d.externalSource(),
              d.externalId(),
              d.title(),
              d.description(),
              d.basePrice(),
              d.currency(),
              d.requiresSlot(),
              d.active(),
              d.attributesJson(),
              d.variants(),
              old == null ? now : old.createdAt(),
              now));
      ids.add(finalId);
    }
    return new Versioned<>(version, ids);
  }

  private static <T> UUID byExternal(
      java.util.Collection<T> items,
      String source,
      String externalId,
      Function<T, String> sourceOf,
      Function<T, String> idOf,
      Function<T, UUID> key) {
    if (source == null) {
      return null;
    }
    return items.stream()
        .filter(i -> source.equals(sourceOf.apply(i)) && externalId.equals(idOf.apply(i)))
        .map(key)
        .findFirst()
        .orElse(null);
  }

  @Override
  public synchronized Versioned<Boolean> deleteProduct(TenantId tenant, ProductId id) {
    Map<UUID, Product> stored = products.getOrDefault(tenant, Map.of());
    if (!stored.containsKey(id.value())) {
      return new Versioned<>(version(tenant), false);
    }
    long version = bump(tenant);
    products.get(tenant).remove(id.value());
    return new Versioned<>(version, true);
  }

  @Override
  public synchronized Versioned<Boolean> deleteService(TenantId tenant, ServiceId id) {
    Map<UUID, ShopService> stored = services.getOrDefault(tenant, Map.of());
    if (!stored.containsKey(id.value())) {
      return new Versioned<>(version(tenant), false);
    }
    long version = bump(tenant);
    services.get(tenant).remove(id.value());
    return new Versioned<>(version, true);
  }

  @Override
  public synchronized Versioned<Product> product(TenantId tenant, ProductId id) {
    return new Versioned<>(
        version(tenant), products.getOrDefault(tenant, Map.of()).get(id.value()));
  }

  @Override
  public synchronized Versioned<ShopService> service(TenantId tenant, ServiceId id) {
    return new Versioned<>(
        version(tenant), services.getOrDefault(tenant, Map.of()).get(id.value()));
  }

  @Override
  public synchronized Versioned<CatalogPage<Product>> products(
      TenantId tenant, CatalogQuery query) {
    Predicate<Product> stock = p -> !query.inStockOnly() || p.inStock();
    return new Versioned<>(
        version(tenant),
        page(
            products.getOrDefault(tenant, Map.of()).values().stream()
                .filter(Product::active)
                .filter(stock)
                .toList(),
            query,
            Product::title,
            Product::createdAt,
            p -> p.id().value()));
  }

  @Override
  public synchronized Versioned<CatalogPage<ShopService>> services(
      TenantId tenant, CatalogQuery query) {
    return new Versioned<>(
        version(tenant),
        page(
            services.getOrDefault(tenant, Map.of()).values().stream()
                .filter(ShopService::active)
                .toList(),
            query,
            ShopService::title,
            ShopService::createdAt,
            s -> s.id().value()));
  }

  private static <T> CatalogPage<T> page(
      List<T> items,
      CatalogQuery query,
      Function<T, String> title,
      Function<T, Instant> created,
      Function<T, UUID> id) {
    List<String> words =
        query.hasText() ? Arrays.asList(query.normalizedText().split(" ")) : List.of();
    Comparator<T> newest = Comparator.comparing(created).thenComparing(id).reversed();
    List<T> matching =
        items.stream()
            .filter(
                i ->
                    Arrays.asList(title.apply(i).toLowerCase(Locale.ROOT).split("\\W+"))
                        .containsAll(words))
            .sorted(newest)
            .filter(
                i -> query.after() == null || isAfter(created.apply(i), id.apply(i), query.after()))
            .limit(query.limit() + 1L)
            .toList();
    boolean more = matching.size() > query.limit();
    List<T> shown = more ? matching.subList(0, query.limit()) : matching;
    T last = more ? shown.get(shown.size() - 1) : null;
    return new CatalogPage<>(
        shown,
        last == null ? null : new CatalogQuery.Position(0, created.apply(last), id.apply(last)));
  }

  private static boolean isAfter(Instant created, UUID id, CatalogQuery.Position after) {
    int byTime = created.compareTo(after.createdAt());
    return byTime < 0 || byTime == 0 && id.compareTo(after.id()) < 0;
  }

  @Override
  public synchronized List<TenantId> recentlyChangedTenants(int limit) {
    return versions.keySet().stream().limit(limit).toList();
  }

  @Override
  public synchronized Versioned<Suggestions> suggestions(TenantId tenant, String text, int limit) {
    CatalogQuery query = new CatalogQuery(text, false, limit, null);
    List<Product> matchedProducts = products(tenant, query).value().items();
    List<ShopService> matchedServices = services(tenant, query).value().items();
    List<Product> all =
        products.getOrDefault(tenant, Map.of()).values().stream().filter(Product::active).toList();
    long active = all.size();
    long activeServices =
        services.getOrDefault(tenant, Map.of()).values().stream()
            .filter(ShopService::active)
            .count();
    boolean anyInStock = all.stream().anyMatch(Product::inStock);
    boolean hasText = query.hasText();
    boolean matched = !matchedProducts.isEmpty() || !matchedServices.isEmpty();
    Suggestions.Priority priority =
        hasText
            ? (matched ? Suggestions.Priority.HIGH : Suggestions.Priority.LOW)
            : (anyInStock ? Suggestions.Priority.HIGH : Suggestions.Priority.MEDIUM);
    if (!hasText || !matched) {
      Comparator<Product> inStockThenNewest =
          Comparator.comparing((Product p) -> !p.inStock())
              .thenComparing(
                  Comparator.comparing(Product::createdAt)
                      .thenComparing(p -> p.id().value())
                      .reversed());
      matchedProducts = all.stream().sorted(inStockThenNewest).limit(limit).toList();
      matchedServices =
          services(tenant, new CatalogQuery(null, false, limit, null)).value().items();
    }
    return new Versioned<>(
        version(tenant),
        new Suggestions(matchedProducts, matchedServices, priority, active, activeServices));
  }
}
