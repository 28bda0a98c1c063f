package io.parley.domain.service;

import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
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

/** Validates catalog syncs and serves catalog reads, for either kind of item. */
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
  public <D extends ItemDraft> List<UUID> upsert(
      TenantId tenant, CatalogKind<?, D> kind, List<D> drafts) {
    if (drafts == null || drafts.isEmpty() || drafts.size() > MAX_BATCH) {
      throw new InvalidInputException(kind.plural(), "must hold 1 to " + MAX_BATCH + " items");
    }
    Set<String> externalKeys = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < drafts.size(); i++) {
      D draft = drafts.get(i);
      String at = kind.plural() + "[" + i + "]";
      requireItem(at, draft, externalKeys);
      if (draft.itemId() != null && !ids.add(draft.itemId())) {
        throw new InvalidInputException(at + ".id", "appears twice in this request");
      }
      if (draft instanceof ProductDraft p) {
        requireProduct(at, p);
      } else if (draft instanceof ServiceDraft s) {
        requireService(at, s);
      }
    }
    return store.upsert(tenant, kind, drafts, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public void delete(TenantId tenant, CatalogKind<?, ?> kind, UUID id) {
    if (!store.delete(tenant, kind, id)) {
      throw new NotFoundException(kind.name());
    }
  }

  @Override
  public <T> T item(TenantId tenant, CatalogKind<T, ?> kind, UUID id) {
    return store.item(tenant, kind, id).orElseThrow(() -> new NotFoundException(kind.name()));
  }

  @Override
  public <T> CatalogPage<T> list(TenantId tenant, CatalogKind<T, ?> kind, CatalogQuery query) {
    Texts.requireOptional("query", query.text(), MAX_QUERY);
    return store.list(tenant, kind, query);
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

  /** What every kind has: its words and how it is identified. */
  private static void requireItem(String at, ItemDraft item, Set<String> seen) {
    Texts.require(at + ".title", item.title(), 300);
    Texts.requireOptional(at + ".description", item.description(), 5_000);
    String source = item.externalSource();
    String externalId = item.externalId();
    Texts.requireOptional(at + ".externalSource", source, 100);
    Texts.requireOptional(at + ".externalId", externalId, 200);
    Texts.requireStorableJson(at + ".attributes", item.attributesJson());
    if ((source == null) != (externalId == null)) {
      throw new InvalidInputException(at, "needs both externalSource and externalId, or neither");
    }
    if (source != null && !seen.add(source + "\u0000" + externalId)) {
      throw new InvalidInputException(at + ".externalId", "appears twice in this request");
    }
  }

  private static void requireProduct(String at, ProductDraft p) {
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
      Texts.requireOptional(at + ".variants[].sku", v.sku(), 100);
      Texts.requireStorableJson(at + ".variants[].attributes", v.attributesJson());
      requirePrice(at + ".variants[].price", v.price(), false);
      requireStock(at + ".variants[].stock", v.stock());
    }
  }

  private static void requireService(String at, ServiceDraft s) {
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
