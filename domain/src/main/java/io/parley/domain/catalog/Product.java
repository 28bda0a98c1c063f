package io.parley.domain.catalog;

import io.parley.domain.model.ProductId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A product of a tenant's catalog. Prices are decimals with a currency; {@code stock} null means
 * unlimited; {@code attributesJson} is a JSON object of the shop's own attributes (colour, size).
 */
public record Product(
    ProductId id,
    String externalSource,
    String externalId,
    String title,
    String description,
    BigDecimal price,
    String currency,
    String sku,
    Integer stock,
    boolean active,
    List<String> images,
    String attributesJson,
    List<Variant> variants,
    Instant createdAt,
    Instant updatedAt) {
  public Product {
    images = List.copyOf(images);
    variants = List.copyOf(variants);
  }

  public boolean inStock() {
    return stock == null || stock > 0;
  }

  /** A variant (size, colour); a null price or stock means the product's. */
  public record Variant(
      String title, String sku, BigDecimal price, Integer stock, String attributesJson) {}
}
