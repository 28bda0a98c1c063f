package io.parley.domain.catalog;

import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Catalog items as a sync sends them: an id, or an (externalSource, externalId) pair, or neither.
 */
public final class Drafts {
  private Drafts() {}

  /** What every catalog item to write has: how it is identified, and its words. */
  public sealed interface ItemDraft permits ProductDraft, ServiceDraft {
    /** The given id, or null for "by external key, else new". */
    UUID itemId();

    String externalSource();

    String externalId();

    String title();

    String description();

    String attributesJson();
  }

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
      List<Product.Variant> variants)
      implements ItemDraft {
    @Override
    public UUID itemId() {
      return id == null ? null : id.value();
    }
  }

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
      List<ShopService.Variant> variants)
      implements ItemDraft {
    @Override
    public UUID itemId() {
      return id == null ? null : id.value();
    }
  }
}
