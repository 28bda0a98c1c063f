package io.parley.domain.fakes;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.SuggestionCandidates;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An in-memory catalog with the PostgreSQL adapter's contract. Search here is plain: an item
 * matches when its title holds every word of the text (no stemming, no typo tolerance).
 */
public final class InMemoryCatalog implements CatalogStore {
  private final TenantStore tenants;
  private final LinkedHashSet<TenantId> recentlyChanged = new LinkedHashSet<>();
  private final Shelf<Product, ProductDraft> products =
      new Shelf<>(
          (id, d, created, now) ->
              new Product(
                  new ProductId(id),
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
                  created,
                  now),
          new View<>(
              p -> p.id().value(),
              Product::title,
              Product::createdAt,
              Product::active,
              Product::inStock));
  private final Shelf<ShopService, ServiceDraft> services =
      new Shelf<>(
          (id, d, created, now) ->
              new ShopService(
                  new ServiceId(id),
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
                  created,
                  now),
          new View<>(
              s -> s.id().value(),
              ShopService::title,
              ShopService::createdAt,
              ShopService::active,
              s -> true));

  public InMemoryCatalog(TenantStore tenants) {
    this.tenants = tenants;
  }

  @Override
  public synchronized <D extends ItemDraft> List<UUID> upsert(
      TenantId tenant, CatalogKind<?, D> kind, List<D> drafts, Instant now) {
    return shelf(kind).upsert(changed(tenant), drafts, now);
  }

  private TenantId changed(TenantId tenant) {
    if (tenants.find(tenant).isEmpty()) {
      throw new NotFoundException("tenant");
    }
    recentlyChanged.remove(tenant);
    recentlyChanged.add(tenant);
    return tenant;
  }

  @Override
  public synchronized boolean delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id) {
    return shelf(kind).of(tenant).remove(id) != null;
  }

  @Override
  public synchronized <T> Optional<T> item(TenantId tenant, CatalogKind<T, ?> kind, UUID id) {
    return Optional.ofNullable(shelf(kind).of(tenant).get(id));
  }

  @Override
  public synchronized <T> CatalogPage<T> list(
      TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query) {
    Shelf<T, ?> shelf = shelf(kind);
    return shelf.page(tenant, query, i -> !query.inStockOnly() || shelf.view.inStock().test(i));
  }

  /** The shelf of a kind: its item and draft types are the kind's. */
  @SuppressWarnings("unchecked")
  private <T, D extends ItemDraft> Shelf<T, D> shelf(CatalogKind<T, D> kind) {
    return (Shelf<T, D>) (kind.equals(CatalogKind.PRODUCTS) ? products : services);
  }

  @Override
  public synchronized List<TenantId> recentlyChangedTenants(int limit) {
    List<TenantId> newestFirst = new ArrayList<>(recentlyChanged);
    java.util.Collections.reverse(newestFirst);
    return newestFirst.stream().limit(limit).toList();
  }

  @Override
  public synchronized SuggestionCandidates suggestionCandidates(
      TenantId tenant, String text, int limit) {
    CatalogQuery matching = new CatalogQuery(text, false, limit, null);
    CatalogQuery newest = new CatalogQuery(null, false, limit, null);
    boolean hasText = matching.hasText();
    return new SuggestionCandidates(
        hasText ? list(tenant, CatalogKind.PRODUCTS, matching).items() : List.of(),
        hasText ? list(tenant, CatalogKind.SERVICES, matching).items() : List.of(),
        products.page(tenant, newest, Product::inStock).items(),
        products.page(tenant, newest, p -> !p.inStock()).items(),
        list(tenant, CatalogKind.SERVICES, newest).items(),
        products.active(tenant),
        services.active(tenant));
  }

  /** Deletes up to {@code limit} of the tenant's products, else services; how many. */
  synchronized int deleteSome(TenantId tenant, int limit) {
    int deleted = products.deleteSome(tenant, limit);
    return deleted > 0 ? deleted : services.deleteSome(tenant, limit);
  }

  /** How to make an item from its draft. */
  private interface Maker<T, D> {
    T make(UUID id, D draft, Instant createdAt, Instant now);
  }

  /** What listings read of an item. */
  private record View<T>(
      java.util.function.Function<T, UUID> id,
      java.util.function.Function<T, String> title,
      java.util.function.Function<T, Instant> createdAt,
      Predicate<T> active,
      Predicate<T> inStock) {}

  /** One kind of item, per tenant. */
  private static final class Shelf<T, D extends ItemDraft> {
    private final Map<TenantId, Map<UUID, T>> items = new HashMap<>();
    private final Map<TenantId, Map<String, UUID>> byExternalKey = new HashMap<>();
    private final Maker<T, D> maker;
    private final View<T> view;

    Shelf(Maker<T, D> maker, View<T> view) {
      this.maker = maker;
      this.view = view;
    }

    Map<UUID, T> of(TenantId tenant) {
      return items.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    }

    List<UUID> upsert(TenantId tenant, List<D> drafts, Instant now) {
      Map<UUID, T> stored = of(tenant);
      Map<String, UUID> external = byExternalKey.computeIfAbsent(tenant, t -> new HashMap<>());
      List<UUID> ids = new ArrayList<>();
      for (D d : drafts) {
        String key = d.externalSource() == null ? null : d.externalSource() + "\0" + d.externalId();
        UUID id = d.itemId() != null ? d.itemId() : key == null ? null : external.get(key);
        T old = id == null ? null : stored.get(id);
        UUID finalId = id == null ? Ids.next(Clock.systemUTC()) : id;
        stored.put(
            finalId, maker.make(finalId, d, old == null ? now : view.createdAt().apply(old), now));
        if (key != null) {
          external.put(key, finalId);
        }
        ids.add(finalId);
      }
      return ids;
    }

    int deleteSome(TenantId tenant, int limit) {
      List<UUID> doomed = of(tenant).keySet().stream().limit(limit).toList();
      doomed.forEach(of(tenant)::remove);
      byExternalKey.getOrDefault(tenant, new HashMap<>()).values().removeAll(doomed);
      return doomed.size();
    }

    long active(TenantId tenant) {
      return of(tenant).values().stream().filter(view.active()).count();
    }

    CatalogPage<T> page(TenantId tenant, CatalogQuery query, Predicate<T> filter) {
      List<String> words =
          query.hasText() ? Arrays.asList(query.normalizedText().split(" ")) : List.of();
      Comparator<T> newest =
          Comparator.comparing(view.createdAt()).thenComparing(view.id()).reversed();
      List<T> matching =
          of(tenant).values().stream()
              .filter(view.active())
              .filter(filter)
              .filter(i -> titleWords(view.title().apply(i)).containsAll(words))
              .sorted(newest)
              .filter(i -> query.after() == null || isAfter(i, query.after()))
              .limit(query.limit() + 1L)
              .toList();
      boolean more = matching.size() > query.limit();
      List<T> shown = more ? matching.subList(0, query.limit()) : matching;
      T last = more ? shown.get(shown.size() - 1) : null;
      return new CatalogPage<>(
          shown,
          last == null
              ? null
              : new CatalogQuery.Position(0, view.createdAt().apply(last), view.id().apply(last)));
    }

    private static List<String> titleWords(String title) {
      return Arrays.asList(title.toLowerCase(Locale.ROOT).split("\\W+"));
    }

    private boolean isAfter(T item, CatalogQuery.Position after) {
      int byTime = view.createdAt().apply(item).compareTo(after.createdAt());
      return byTime < 0 || byTime == 0 && view.id().apply(item).compareTo(after.id()) < 0;
    }
  }
}
