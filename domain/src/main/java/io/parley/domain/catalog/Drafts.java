package io.parley.domain.catalog;

import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import java.math.BigDecimal;
import java.util.List;

/**
 * Catalog items as a sync sends them: an id, or an (externalSource, externalId) pair, or neither.
 */
public final class Drafts {
  private Drafts() {}

  /** A product to create or update. */
  public record ProductDraft(
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
      List<Product.Variant> variants) {}

  /** A service to create or update. */
  public record ServiceDraft(
      ServiceId id,
      String externalSource,
      String externalId,
      String title,
      String description,
      BigDecimal basePrice,
      String currency,
      boolean requiresSlot,
      boolean active,
      String attributesJson,
      List<ShopService.Variant> variants) {}
}
