package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.Drafts.ItemDraft;
import io.parley.domain.catalog.Drafts.ProductDraft;
import io.parley.domain.catalog.Drafts.ServiceDraft;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The catalog's request and response bodies: one family for both kinds of item, each kind with its
 * own fields ({@link KindBodies} says which records a kind travels in). Prices travel as decimal
 * strings ("4500.00").
 */
public final class CatalogBodies {
  private CatalogBodies() {}

  /**
   * What the API makes of one kind of item: the records its sync body, an item and a page are
   * (their schema names are the kind's: PutProducts, ProductResponse, ProductList), and how an item
   * and a page of them are shown.
   */
  public record KindBodies<T, D extends ItemDraft, R>(
      CatalogKind<T, D> kind,
      Class<? extends PutItems<D>> body,
      Class<R> item,
      Class<?> page,
      Function<T, R> shown,
      BiFunction<List<R>, String, Object> paged) {
    /** Every kind, products first; each is reached at {@code .../catalog/<its plural>}. */
    public static List<KindBodies<?, ?, ?>> all() {
      return List.of(PRODUCTS, SERVICES);
    }

    static KindBodies<?, ?, ?> of(String plural) {
      return all().stream()
          .filter(kind -> kind.kind().plural().equals(plural))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("not a kind: " + plural));
    }

    /** A page of items as the API shows it. */
    Object page(CatalogPage<T> page, String nextCursor) {
      return paged.apply(page.items().stream().map(shown).toList(), nextCursor);
    }
  }

  static final KindBodies<Product, ProductDraft, ProductResponse> PRODUCTS =
      new KindBodies<>(
          CatalogKind.PRODUCTS,
          PutProducts.class,
          ProductResponse.class,
          ProductList.class,
          ProductResponse::from,
          ProductList::new);

  static final KindBodies<ShopService, ServiceDraft, ServiceResponse> SERVICES =
      new KindBodies<>(
          CatalogKind.SERVICES,
          PutServices.class,
          ServiceResponse.class,
          ServiceList.class,
          ServiceResponse::from,
          ServiceList::new);

  /** The body of a sync: its items, each a draft of the kind. */
  public sealed interface PutItems<D extends ItemDraft> permits PutProducts, PutServices {
    List<? extends ItemBody<D>> items();
  }

  /** An item as a sync sends it. */
  public sealed interface ItemBody<D extends ItemDraft> permits ProductBody, ServiceBody {
    /** The draft; {@code at} names the item in errors ("products[3]"). */
    D draft(String at);
  }

  /** Body of {@code PUT .../catalog/products}. */
  public record PutProducts(List<ProductBody> products) implements PutItems<ProductDraft> {
    @Override
    public List<ProductBody> items() {
      return products;
    }
  }

  /** Body of {@code PUT .../catalog/services}. */
  public record PutServices(List<ServiceBody> services) implements PutItems<ServiceDraft> {
    @Override
    public List<ServiceBody> items() {
      return services;
    }
  }

  /** A product as a sync sends it. */
  public record ProductBody(
      String id,
      String externalSource,
      String externalId,
      String title,
      String description,
      @Schema(type = "number", description = "A decimal amount") JsonNode price,
      String currency,
      String sku,
      Integer stock,
      Boolean active,
      List<String> images,
      @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
          ObjectNode attributes,
      List<ProductVariantBody> variants)
      implements ItemBody<ProductDraft> {
    @Override
    public ProductDraft draft(String at) {
      List<Product.Variant> drafts = new ArrayList<>();
      for (ProductVariantBody v : variants == null ? List.<ProductVariantBody>of() : variants) {
        drafts.add(
            new Product.Variant(
                v.title(),
                v.sku(),
                decimal(at + ".variants[].price", v.price()),
                v.stock(),
                json(v.attributes())));
      }
      return new ProductDraft(
          id == null ? null : new ProductId(uuid(at + ".id", id)),
          externalSource,
          externalId,
          title,
          description,
          decimal(at + ".price", price),
          currency,
          sku,
          stock,
          active == null || active,
          images == null ? List.of() : images,
          json(attributes),
          drafts);
    }
  }

  /** A variant of a product. */
  public record ProductVariantBody(
      String title,
      String sku,
      @Schema(type = "number", description = "A decimal amount") JsonNode price,
      Integer stock,
      @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
          ObjectNode attributes) {}

  /** A service as a sync sends it. */
  public record ServiceBody(
      String id,
      String externalSource,
      String externalId,
      String title,
      String description,
      @Schema(type = "number", description = "A decimal amount") JsonNode basePrice,
      String currency,
      Boolean requiresSlot,
      Boolean active,
      @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
          ObjectNode attributes,
      List<ServiceVariantBody> variants)
      implements ItemBody<ServiceDraft> {
    @Override
    public ServiceDraft draft(String at) {
      List<ShopService.Variant> drafts = new ArrayList<>();
      for (ServiceVariantBody v : variants == null ? List.<ServiceVariantBody>of() : variants) {
        if (v.durationMinutes() == null) {
          throw new InvalidInputException(at + ".variants[].durationMinutes", "is required");
        }
        drafts.add(
            new ShopService.Variant(
                v.title(), v.durationMinutes(), decimal(at + ".variants[].price", v.price())));
      }
      return new ServiceDraft(
          id == null ? null : new ServiceId(uuid(at + ".id", id)),
          externalSource,
          externalId,
          title,
          description,
          decimal(at + ".basePrice", basePrice),
          currency,
          requiresSlot != null && requiresSlot,
          active == null || active,
          json(attributes),
          drafts);
    }
  }

  /** A variant of a service. */
  public record ServiceVariantBody(
      String title,
      Integer durationMinutes,
      @Schema(type = "number", description = "A decimal amount") JsonNode price) {}

  /** The ids of upserted items, in the order given. */
  public record Upserted(int upserted, List<String> ids) {
    static Upserted of(List<UUID> ids) {
      return new Upserted(ids.size(), ids.stream().map(UUID::toString).toList());
    }
  }

  /** A product as the API shows it. */
  public record ProductResponse(
      String id,
      String externalSource,
      String externalId,
      String title,
      String description,
      String price,
      String currency,
      String sku,
      Integer stock,
      boolean inStock,
      boolean active,
      List<String> images,
      @Schema(implementation = Object.class, description = "Any JSON object, as given")
          @JsonRawValue
          String attributes,
      List<VariantResponse> variants,
      Instant createdAt,
      Instant updatedAt) {
    static ProductResponse from(Product p) {
      return new ProductResponse(
          p.id().toString(),
          p.externalSource(),
          p.externalId(),
          p.title(),
          p.description(),
          p.price().toPlainString(),
          p.currency(),
          p.sku(),
          p.stock(),
          p.inStock(),
          p.active(),
          p.images(),
          p.attributesJson(),
          p.variants().stream().map(VariantResponse::from).toList(),
          p.createdAt(),
          p.updatedAt());
    }
  }

  /** A product variant as the API shows it. */
  public record VariantResponse(
      String title,
      String sku,
      String price,
      Integer stock,
      @Schema(implementation = Object.class, description = "Any JSON object, as given")
          @JsonRawValue
          String attributes) {
    static VariantResponse from(Product.Variant v) {
      return new VariantResponse(
          v.title(),
          v.sku(),
          v.price() == null ? null : v.price().toPlainString(),
          v.stock(),
          v.attributesJson());
    }
  }

  /** A service as the API shows it. */
  public record ServiceResponse(
      String id,
      String externalSource,
      String externalId,
      String title,
      String description,
      String basePrice,
      String currency,
      boolean requiresSlot,
      boolean active,
      @Schema(implementation = Object.class, description = "Any JSON object, as given")
          @JsonRawValue
          String attributes,
      List<ServiceVariantResponse> variants,
      Instant createdAt,
      Instant updatedAt) {
    static ServiceResponse from(ShopService s) {
      return new ServiceResponse(
          s.id().toString(),
          s.externalSource(),
          s.externalId(),
          s.title(),
          s.description(),
          s.basePrice().toPlainString(),
          s.currency(),
          s.requiresSlot(),
          s.active(),
          s.attributesJson(),
          s.variants().stream()
              .map(
                  v ->
                      new ServiceVariantResponse(
                          v.title(), v.durationMinutes(), v.price().toPlainString()))
              .toList(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  /** A service variant as the API shows it. */
  public record ServiceVariantResponse(String title, int durationMinutes, String price) {}

  /** A page of products. */
  public record ProductList(List<ProductResponse> products, String nextCursor) {}

  /** A page of services. */
  public record ServiceList(List<ServiceResponse> services, String nextCursor) {}

  /** Suggestions as the API shows them. */
  public record SuggestionsResponse(
      @ArraySchema(schema = @Schema(implementation = ProductResponse.class))
          List<RawValue> products,
      @ArraySchema(schema = @Schema(implementation = ServiceResponse.class))
          List<RawValue> services,
      String priority,
      Totals totalAvailable) {
    static SuggestionsResponse from(Suggestions s) {
      return new SuggestionsResponse(
          RenderedJson.each(s.products(), ProductResponse::from),
          RenderedJson.each(s.services(), ServiceResponse::from),
          s.priority().name().toLowerCase(Locale.ROOT),
          new Totals(s.totalProducts(), s.totalServices()));
    }
  }

  /** How many active products and services the tenant has. */
  public record Totals(long products, long services) {}

  static BigDecimal decimal(String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      if (value.isTextual() || value.isNumber()) {
        return new BigDecimal(value.asText());
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new InvalidInputException(field, "must be a decimal amount such as \"4500.00\"");
  }

  private static UUID uuid(String field, String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "must be an id this API returned");
    }
  }

  private static String json(ObjectNode node) {
    return node == null ? "{}" : node.toString();
  }
}
