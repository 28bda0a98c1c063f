package io.parley.adapters.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.catalog.CatalogPage;
import io.parley.domain.catalog.CatalogQuery;
import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Catalog items as JSON, one shape for both directions: PostgreSQL builds it (json_build_object) so
 * a product and its variants come back in one row, and Redis stores it. Prices are strings
 * (decimal, never floating point).
 */
public final class CatalogJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private CatalogJson() {}

  public static Product product(JsonNode n) {
    List<Product.Variant> variants = new ArrayList<>();
    for (JsonNode v : n.path("variants")) {
      variants.add(
          new Product.Variant(
              v.path("title").asText(),
              text(v, "sku"),
              decimal(v, "price"),
              integer(v, "stock"),
              v.path("attributes").toString()));
    }
    List<String> images = new ArrayList<>();
    n.path("images").forEach(image -> images.add(image.asText()));
    return new Product(
        new ProductId(UUID.fromString(n.path("id").asText())),
        text(n, "externalSource"),
        text(n, "externalId"),
        n.path("title").asText(),
        text(n, "description"),
        decimal(n, "price"),
        n.path("currency").asText(),
        text(n, "sku"),
        integer(n, "stock"),
        n.path("active").asBoolean(),
        images,
        n.path("attributes").toString(),
        variants,
        instant(n, "createdAt"),
        instant(n, "updatedAt"));
  }

  public static ObjectNode product(Product p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", p.id().toString())
        .put("externalSource", p.externalSource())
        .put("externalId", p.externalId())
        .put("title", p.title())
        .put("description", p.description())
        .put("price", p.price().toPlainString())
        .put("currency", p.currency())
        .put("sku", p.sku())
        .put("stock", p.stock())
        .put("active", p.active());
    ArrayNode images = n.putArray("images");
    p.images().forEach(images::add);
    n.set("attributes", parse(p.attributesJson()));
    ArrayNode variants = n.putArray("variants");
    for (Product.Variant v : p.variants()) {
      ObjectNode variant =
          variants
              .addObject()
              .put("title", v.title())
              .put("sku", v.sku())
              .put("price", v.price() == null ? null : v.price().toPlainString())
              .put("stock", v.stock());
      variant.set("attributes", parse(v.attributesJson()));
    }
    return n.put("createdAt", p.createdAt().toString()).put("updatedAt", p.updatedAt().toString());
  }

  public static ShopService service(JsonNode n) {
    List<ShopService.Variant> variants = new ArrayList<>();
    for (JsonNode v : n.path("variants")) {
      variants.add(
          new ShopService.Variant(
              v.path("title").asText(), v.path("durationMinutes").asInt(), decimal(v, "price")));
    }
    return new ShopService(
        new ServiceId(UUID.fromString(n.path("id").asText())),
        text(n, "externalSource"),
        text(n, "externalId"),
        n.path("title").asText(),
        text(n, "description"),
        decimal(n, "basePrice"),
        n.path("currency").asText(),
        n.path("requiresSlot").asBoolean(),
        n.path("active").asBoolean(),
        n.path("attributes").toString(),
        variants,
        instant(n, "createdAt"),
        instant(n, "updatedAt"));
  }

  public static ObjectNode service(ShopService s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", s.id().toString())
        .put("externalSource", s.externalSource())
        .put("externalId", s.externalId())
        .put("title", s.title())
        .put("description", s.description())
        .put("basePrice", s.basePrice().toPlainString())
        .put("currency", s.currency())
        .put("requiresSlot", s.requiresSlot())
        .put("active", s.active());
    n.set("attributes", parse(s.attributesJson()));
    ArrayNode variants = n.putArray("variants");
    for (ShopService.Variant v : s.variants()) {
      variants
          .addObject()
          .put("title", v.title())
          .put("durationMinutes", v.durationMinutes())
          .put("price", v.price().toPlainString());
    }
    return n.put("createdAt", s.createdAt().toString()).put("updatedAt", s.updatedAt().toString());
  }

  public static <T> String page(CatalogPage<T> page, Function<T, ObjectNode> item) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode items = n.putArray("items");
    page.items().forEach(i -> items.add(item.apply(i)));
    if (page.next() != null) {
      n.putObject("next")
          .put("score", page.next().score())
          .put("createdAt", page.next().createdAt().toString())
          .put("id", page.next().id().toString());
    }
    return n.toString();
  }

  public static <T> CatalogPage<T> page(String json, Function<JsonNode, T> item) {
    JsonNode n = parse(json);
    List<T> items = new ArrayList<>();
    n.path("items").forEach(i -> items.add(item.apply(i)));
    JsonNode next = n.path("next");
    CatalogQuery.Position position =
        next.isMissingNode()
            ? null
            : new CatalogQuery.Position(
                next.path("score").asDouble(),
                instant(next, "createdAt"),
                UUID.fromString(next.path("id").asText()));
    return new CatalogPage<>(items, position);
  }

  public static String suggestions(Suggestions s) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode products = n.putArray("products");
    s.products().forEach(p -> products.add(product(p)));
    ArrayNode services = n.putArray("services");
    s.services().forEach(v -> services.add(service(v)));
    return n.put("priority", s.priority().name())
        .put("totalProducts", s.totalProducts())
        .put("totalServices", s.totalServices())
        .toString();
  }

  public static Suggestions suggestions(String json) {
    JsonNode n = parse(json);
    List<Product> products = new ArrayList<>();
    n.path("products").forEach(p -> products.add(product(p)));
    List<ShopService> services = new ArrayList<>();
    n.path("services").forEach(s -> services.add(service(s)));
    return new Suggestions(
        products,
        services,
        Suggestions.Priority.valueOf(n.path("priority").asText()),
        n.path("totalProducts").asLong(),
        n.path("totalServices").asLong());
  }

  /** A string as a JSON string literal. */
  public static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode value = n.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static BigDecimal decimal(JsonNode n, String field) {
    String value = text(n, field);
    return value == null ? null : new BigDecimal(value);
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode value = n.get(field);
    return value == null || value.isNull() ? null : value.asInt();
  }

  private static Instant instant(JsonNode n, String field) {
    return OffsetDateTime.parse(n.path(field).asText()).toInstant();
  }
}
